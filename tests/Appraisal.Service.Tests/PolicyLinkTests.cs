using Appraisal.Service.V1;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Appraisal.Service.Tests;

/// <summary>
/// Symbolic links in the policy directory: one to a file inside is served like the file; one that leads outside
/// (the file itself, a folder on its way, or an included library) is never read — skipped with a warning naming the
/// path and none of the content.
/// </summary>
public sealed class PolicyLinkTests : IDisposable
{
    private const string Secret = "root:x:0:0:SECRET-LINE";

    private readonly string _outside = Path.Combine(Path.GetTempPath(), "policy-links-outside-" + Guid.NewGuid().ToString("N"));
    private readonly LogSink _logs = new();
    private readonly ServiceFactory _factory = new();
    private readonly WebApplicationFactory<Program> _host;
    private readonly GrpcChannel _channel;

    public PolicyLinkTests()
    {
        Directory.CreateDirectory(Path.Combine(_outside, "folder"));
        File.WriteAllText(Path.Combine(_outside, "passwd"), Secret + "\ndaemon:x:1:1\n");
        File.WriteAllText(Path.Combine(_outside, "folder", "x.policy"), Secret + "\n");
        var policies = _factory.Policies;
        File.CreateSymbolicLink(policies.PathOf("leak.policy"), Path.Combine(_outside, "passwd"));
        Directory.CreateSymbolicLink(policies.PathOf("linked-folder"), Path.Combine(_outside, "folder"));
        File.CreateSymbolicLink(policies.PathOf("same-as-after-sales.policy"), policies.PathOf(TestPolicies.AfterSalesFile));
        File.CreateSymbolicLink(policies.PathOf("lib-leak.policy"), Path.Combine(_outside, "passwd"));
        File.WriteAllText(policies.PathOf("uses-leak.policy"), "policy 用外部库\ninclude \"lib-leak.policy\"\ninput { a: points }\noutput b: points = a\n");

        _host = _factory.WithWebHostBuilder(b => b.ConfigureServices(s => s.AddSingleton<ILoggerProvider>(_logs)));
        _channel = ServiceFactory.ChannelTo(_host);
    }

    public void Dispose()
    {
        _channel.Dispose();
        _host.Dispose();
        _factory.Dispose();
        Directory.Delete(_outside, recursive: true);
    }

    private V1.Appraisal.AppraisalClient Client => new(_channel);

    [Theory]
    [InlineData("leak")]
    [InlineData("linked-folder/x")]
    [InlineData("lib-leak")]
    public async Task A_link_out_of_the_policy_directory_is_not_served(string id)
    {
        var listed = (await Client.ListPoliciesAsync(new ListPoliciesRequest())).Policies;
        Assert.DoesNotContain(listed, p => p.Id == id);
        var error = await Assert.ThrowsAsync<RpcException>(async () => await Client.DescribePolicyAsync(new DescribePolicyRequest { PolicyId = id }));
        Assert.Equal(StatusCode.NotFound, error.StatusCode);
        Assert.DoesNotContain("SECRET", error.Status.Detail);
    }

    [Fact]
    public async Task A_link_out_of_the_policy_directory_is_logged_by_its_path_without_its_content()
    {
        await Client.ListPoliciesAsync(new ListPoliciesRequest());
        Assert.Contains(_logs.Messages, m => m.Contains("Not serving leak.policy", StringComparison.Ordinal) && m.Contains("outside the policy directory", StringComparison.Ordinal));
        Assert.Contains(_logs.Messages, m => m.Contains("Not serving " + Path.Combine("linked-folder", "x.policy"), StringComparison.Ordinal));
        Assert.DoesNotContain(_logs.Messages, m => m.Contains("SECRET", StringComparison.Ordinal) || m.Contains("root:x", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_include_through_a_link_out_of_the_policy_directory_is_not_read()
    {
        var described = await Client.DescribePolicyAsync(new DescribePolicyRequest { PolicyId = "uses-leak" });
        Assert.Equal(PolicyStatus.Broken, described.Summary.Status);
        Assert.Contains(described.Summary.Diagnostics, d => d.Code == "PL1001"); // cannot read the included file
        Assert.DoesNotContain("SECRET", described.ToString());
        Assert.DoesNotContain("root", described.ToString());
    }

    [Fact]
    public async Task A_link_to_a_file_inside_the_policy_directory_is_served_like_the_file()
    {
        var linked = await Client.EvaluateAsync(new EvaluateRequest { PolicyId = "same-as-after-sales", FactsJson = TestPolicies.Facts91 });
        var original = await Client.EvaluateAsync(new EvaluateRequest { PolicyId = TestPolicies.AfterSales, FactsJson = TestPolicies.Facts91 });
        Assert.Equal(original.OutputsJson, linked.OutputsJson);
        Assert.Equal(original.Version, linked.Version);
    }
}
