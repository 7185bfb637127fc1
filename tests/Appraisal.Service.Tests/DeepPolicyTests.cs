using System.Text;
using Appraisal.Service.V1;
using Grpc.Core;

namespace Appraisal.Service.Tests;

/// <summary>
/// A policy whose derivation runs as deep as the checker allows is evaluated, explained and recorded by the whole
/// host; one past the limit is BROKEN with its located diagnostic. Either way the service goes on answering (a chain
/// of 20,000 definitions once killed the process when an explanation was asked for).
/// </summary>
public sealed class DeepPolicyTests : IDisposable
{
    private readonly ServiceFactory _factory = new();

    public DeepPolicyTests()
    {
        File.WriteAllText(_factory.Policies.PathOf("deep-chain.policy"), Chain(333));
        File.WriteAllText(_factory.Policies.PathOf("too-deep.policy"), Chain(20_000));
    }

    public void Dispose() => _factory.Dispose();

    private static string Chain(int links)
    {
        var text = new StringBuilder("policy 链\n  period month\n  effective 2026-01-01\n\ninput { x: number in 0..10 }\n\nlet l0 = x\n");
        for (var i = 1; i < links; i++) text.Append($"let l{i} = l{i - 1} + 1\n");
        return text.Append($"output o: number = l{links - 1}\n").ToString();
    }

    [Fact]
    public async Task The_deepest_accepted_chain_is_evaluated_explained_and_recorded()
    {
        var reply = await _factory.Client.EvaluateAsync(new EvaluateRequest
        {
            PolicyId = "deep-chain", FactsJson = """{ "x": 2 }""", Period = "2026-03", SubjectId = "E1", Record = true, RequestId = "deep-1",
            Explanation = ExplanationLevel.Full, Language = Language.Zh,
        });
        Assert.Equal("334", Assert.Single(reply.Outputs).Value);
        Assert.Contains("l0 = 2", reply.ExplanationText);
        Assert.Contains("\"l0\"", reply.ExplanationJson);
        Assert.Equal(1, reply.Record.Revision);
    }

    [Fact]
    public async Task A_chain_past_the_limit_is_broken_with_its_diagnostic_and_the_service_goes_on()
    {
        var described = await _factory.Client.DescribePolicyAsync(new DescribePolicyRequest { PolicyId = "too-deep" });
        Assert.Equal(PolicyStatus.Broken, described.Summary.Status);
        Assert.Equal("PL0302", Assert.Single(described.Summary.Diagnostics).Code);
        var error = await Assert.ThrowsAsync<RpcException>(async () => await _factory.Client.EvaluateAsync(new EvaluateRequest
        {
            PolicyId = "too-deep", FactsJson = """{ "x": 2 }""", Explanation = ExplanationLevel.Full,
        }));
        Assert.Equal(StatusCode.FailedPrecondition, error.StatusCode);
        var after = await _factory.Client.EvaluateAsync(new EvaluateRequest
        {
            PolicyId = TestPolicies.AfterSales, FactsJson = TestPolicies.Facts91, Explanation = ExplanationLevel.Summary,
        });
        Assert.NotEmpty(after.Outputs);
    }
}
