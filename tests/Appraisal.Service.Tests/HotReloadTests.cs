using Appraisal.Service.V1;
using Grpc.Core;

namespace Appraisal.Service.Tests;

/// <summary>Edits to a policy file are picked up off the request path; a broken edit never replaces the good version.</summary>
public sealed class HotReloadTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);
    private readonly ServiceFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task A_broken_edit_keeps_the_old_version_and_a_good_one_replaces_it()
    {
        var client = _factory.Client;
        var original = _factory.Policies.Read(TestPolicies.AfterSalesFile);
        var evaluate = new EvaluateRequest { PolicyId = TestPolicies.AfterSales, FactsJson = TestPolicies.Facts91 };
        var first = await client.EvaluateAsync(evaluate);
        Assert.Equal("700.00", Output(first, "KPI奖金"));

        // 1. A broken edit: the old version keeps answering, the diagnostics are reported.
        var broken = original.Replace("output 得分: points = 考核.score", "output 得分: points = 考核.scor");
        Assert.NotEqual(original, broken);
        _factory.Policies.Replace(TestPolicies.AfterSalesFile, broken);
        var stale = await WaitFor(client, s => s.FileVersion == PolicyStore.Hash(broken));
        Assert.Equal(PolicyStatus.Stale, stale.Status);
        Assert.Equal(first.Version, stale.Version);
        Assert.Contains(stale.Diagnostics, d => d.Severity == Severity.Error && d.File == TestPolicies.AfterSalesFile);

        var during = await client.EvaluateAsync(evaluate);
        Assert.Equal(first.Version, during.Version);
        Assert.Equal("700.00", Output(during, "KPI奖金"));

        // 2. A good new version: answers switch and the version hash changes.
        var doubled = TestPolicies.WithoutTests(original).Replace("param KPI总奖金: money = 1000 yuan", "param KPI总奖金: money = 2000 yuan"); // its tests expect 700
        Assert.NotEqual(original, doubled);
        _factory.Policies.Replace(TestPolicies.AfterSalesFile, doubled);
        var ready = await WaitFor(client, s => s.Version == PolicyStore.Hash(doubled));
        Assert.Equal(PolicyStatus.Ready, ready.Status);
        Assert.DoesNotContain(ready.Diagnostics, d => d.Severity == Severity.Error);

        var after = await client.EvaluateAsync(evaluate);
        Assert.Equal(ready.Version, after.Version);
        Assert.NotEqual(first.Version, after.Version);
        Assert.Equal("1400.00", Output(after, "KPI奖金"));

        // 3. The earlier good version can still be pinned.
        var pinned = await client.EvaluateAsync(new EvaluateRequest(evaluate) { Version = first.Version });
        Assert.Equal("700.00", Output(pinned, "KPI奖金"));
    }

    [Fact]
    public async Task New_and_deleted_files_are_noticed()
    {
        var client = _factory.Client;
        const string Text = "policy 新的\ninput { a: points }\noutput b: points = a + 1\n";
        File.WriteAllText(_factory.Policies.PathOf("新的.policy"), Text);
        var added = await WaitFor(client, s => s.Version == PolicyStore.Hash(Text), "新的");
        Assert.Equal(PolicyStatus.Ready, added.Status);
        var reply = await client.EvaluateAsync(new EvaluateRequest { PolicyId = "新的", FactsJson = """{ "a": "1.5" }""" });
        Assert.Equal("2.5", Output(reply, "b"));

        File.Delete(_factory.Policies.PathOf("新的.policy"));
        var deadline = DateTime.UtcNow + Patience;
        while ((await client.ListPoliciesAsync(new ListPoliciesRequest())).Policies.Any(p => p.Id == "新的"))
        {
            Assert.True(DateTime.UtcNow < deadline, "the deleted policy is still listed");
            await Task.Delay(50);
        }
        var error = await Assert.ThrowsAsync<RpcException>(async () =>
            await client.EvaluateAsync(new EvaluateRequest { PolicyId = "新的", FactsJson = """{ "a": 1 }""" }));
        Assert.Equal(StatusCode.NotFound, error.StatusCode);
    }

    [Fact]
    public async Task An_edit_to_an_included_library_makes_a_new_version_of_the_policy()
    {
        var client = _factory.Client;
        Directory.CreateDirectory(_factory.Policies.PathOf("shared"));
        File.WriteAllText(_factory.Policies.PathOf("shared/分数.policy"), "library 分数表\nparam 基数: points = 10\n");
        File.WriteAllText(_factory.Policies.PathOf("用库.policy"),
            "policy 用库\ninclude \"shared/分数.policy\"\ninput { a: points }\noutput b: points = a + 基数\n");
        var first = await WaitFor(client, s => s.Status == PolicyStatus.Ready, "用库");
        var request = new EvaluateRequest { PolicyId = "用库", FactsJson = """{ "a": 1 }""" };
        Assert.Equal("11", Output(await client.EvaluateAsync(request), "b"));

        _factory.Policies.Replace("shared/分数.policy", "library 分数表\nparam 基数: points = 20\n");
        var second = await WaitFor(client, s => s.Version != first.Version && s.Status == PolicyStatus.Ready, "用库");
        var reply = await client.EvaluateAsync(request);
        Assert.Equal(second.Version, reply.Version);
        Assert.Equal("21", Output(reply, "b"));

        // A library edit that breaks the policy leaves the last good version answering.
        _factory.Policies.Replace("shared/分数.policy", "library 分数表\nparam 基数: money = 20 yuan\n");
        var stale = await WaitFor(client, s => s.Status == PolicyStatus.Stale, "用库");
        Assert.Equal(second.Version, stale.Version);
        Assert.Equal("21", Output(await client.EvaluateAsync(request), "b"));
    }

    private static string Output(EvaluateReply reply, string name) => reply.Outputs.Single(o => o.Name == name).Value;

    private static async Task<PolicySummary> WaitFor(V1.Appraisal.AppraisalClient client, Func<PolicySummary, bool> condition, string id = TestPolicies.AfterSales)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            var summary = (await client.ListPoliciesAsync(new ListPoliciesRequest())).Policies.SingleOrDefault(p => p.Id == id);
            if (summary is not null && condition(summary)) return summary;
            Assert.True(DateTime.UtcNow < deadline, $"policy {id} did not reach the expected state in time");
            await Task.Delay(50);
        }
    }
}
