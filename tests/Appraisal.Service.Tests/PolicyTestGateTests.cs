using Appraisal.Service.V1;
using Google.Rpc;
using Grpc.Core;

namespace Appraisal.Service.Tests;

/// <summary>
/// A version whose own tests fail never starts serving: an edit keeps the last good version answering and reports the
/// failing tests as its diagnostics (STALE); a new policy whose tests fail is BROKEN and FAILED_PRECONDITION.
/// </summary>
public sealed class PolicyTestGateTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private readonly ServiceFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    private const string Expectation = "expect { 得分: 91, 考核合格: true, KPI奖金: 700.00 yuan, 工资: 2700.00 yuan }";

    [Fact]
    public async Task An_edit_whose_tests_fail_keeps_the_last_good_version_and_reports_the_failing_tests()
    {
        var client = _factory.Client;
        var ready = await WaitFor(client, s => s.Status == PolicyStatus.Ready);
        var text = _factory.Policies.Read(TestPolicies.AfterSalesFile);
        Assert.Contains(Expectation, text);

        // A changed rule its tests do not agree with: the bonus line of the 91-point case now expects 800.00.
        _factory.Policies.Replace(TestPolicies.AfterSalesFile, text.Replace(Expectation, Expectation.Replace("KPI奖金: 700.00", "KPI奖金: 800.00"), StringComparison.Ordinal));
        var stale = await WaitFor(client, s => s.Status == PolicyStatus.Stale);
        Assert.Equal(ready.Version, stale.Version);
        Assert.NotEqual(ready.Version, stale.FileVersion);
        var failed = Assert.Single(stale.Diagnostics, d => d.Code == "TEST_FAILED");
        Assert.Equal(ProtoSeverityError, failed.Severity);
        Assert.Contains("恰好 91 分：在合格线上", failed.Message);
        Assert.Contains("KPI奖金: expected 800.00", failed.Message);
        Assert.True(failed.Line > 0);

        var reply = await client.EvaluateAsync(new EvaluateRequest { PolicyId = TestPolicies.AfterSales, FactsJson = TestPolicies.Facts91 });
        Assert.Equal(ready.Version, reply.Version);
        Assert.Equal("700.00", reply.Outputs.Single(o => o.Name == "KPI奖金").Value);

        // Its tests passing again, the file's version is served.
        _factory.Policies.Replace(TestPolicies.AfterSalesFile, text + "\n// reviewed\n");
        var fixedVersion = await WaitFor(client, s => s.Status == PolicyStatus.Ready && s.Version != ready.Version);
        Assert.DoesNotContain(fixedVersion.Diagnostics, d => d.Code == "TEST_FAILED");
    }

    [Fact]
    public async Task A_new_policy_whose_tests_fail_is_BROKEN_and_FAILED_PRECONDITION()
    {
        var client = _factory.Client;
        await WaitFor(client, s => s.Status == PolicyStatus.Ready);
        File.WriteAllText(_factory.Policies.PathOf("加一.policy"), """
            policy 加一
            input { a: points }
            output b: points = a + 1
            test "一加一" {
              given { a: 1 }
              expect { b: 3 }
            }
            """);
        var broken = await WaitFor(client, s => s.Status == PolicyStatus.Broken, "加一");
        Assert.Contains(broken.Diagnostics, d => d.Code == "TEST_FAILED" && d.Message.Contains("b: expected 3 pts, got 2 pts", StringComparison.Ordinal));

        var error = await Assert.ThrowsAsync<RpcException>(async () => await client.EvaluateAsync(new EvaluateRequest { PolicyId = "加一", FactsJson = """{ "a": 1 }""" }));
        Assert.Equal(StatusCode.FailedPrecondition, error.StatusCode);
        var violation = Assert.Single(error.GetRpcStatus()!.GetDetail<PreconditionFailure>()!.Violations);
        Assert.Equal("TEST_FAILED", violation.Type);
        Assert.Contains("一加一", violation.Description);
    }

    private const Severity ProtoSeverityError = Severity.Error;

    private static async Task<PolicySummary> WaitFor(V1.Appraisal.AppraisalClient client, Func<PolicySummary, bool> condition, string id = TestPolicies.AfterSales)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            var summary = (await client.ListPoliciesAsync(new ListPoliciesRequest())).Policies.SingleOrDefault(p => p.Id == id);
            if (summary is not null && condition(summary)) return summary;
            Assert.True(DateTime.UtcNow < deadline, $"policy {id} did not reach the expected state in time (now {summary?.Status})");
            await Task.Delay(50);
        }
    }
}
