using Appraisal.Service.V1;
using Google.Rpc;
using Grpc.Core;
using Grpc.Net.Client;

namespace Appraisal.Service.Tests;

/// <summary>
/// A constraint on inputs (the procurement policy's 第五十二条 price-weight ranges) rejects facts that break it as a caller's
/// mistake: INVALID_ARGUMENT with the inputs it reads, for one evaluation and for a member of a group, never an outcome.
/// </summary>
public sealed class InputConstraintTests : IDisposable
{
    private const string Procurement = "procurement/政府采购评标";
    private const string GoodsAt20 = """{ "非价格得分": 80, "投标报价": "400000", "满足全部实质性要求": true, "评标基准价": "300000", "类别": "货物", "价格权重": "20%" }""";
    private const string GoodsAt40 = """{ "非价格得分": 80, "投标报价": "400000", "满足全部实质性要求": true, "评标基准价": "300000", "类别": "货物", "价格权重": "40%" }""";

    private readonly ServiceFactory _factory = new();
    private readonly GrpcChannel _channel;

    public InputConstraintTests() => _channel = ServiceFactory.ChannelTo(_factory);

    public void Dispose()
    {
        _channel.Dispose();
        _factory.Dispose();
    }

    private V1.Appraisal.AppraisalClient Client => new(_channel);

    [Fact]
    public async Task Facts_that_break_a_constraint_on_inputs_are_an_invalid_argument_naming_the_inputs()
    {
        // Rejected as the facts are read, before the policy's rules (which compare the bidders) are considered.
        var error = await Assert.ThrowsAsync<RpcException>(async () => await Client.EvaluateAsync(new EvaluateRequest
        {
            PolicyId = Procurement, FactsJson = GoodsAt20, Period = "2026-06",
        }));
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        var violation = error.GetRpcStatus()!.GetDetail<BadRequest>()!.FieldViolations.Single();
        Assert.EndsWith("类别", violation.Field);
        Assert.Contains("货物类价格权重", violation.Description);
        Assert.Contains("价格权重 = 20%", violation.Description);
    }

    [Fact]
    public async Task Facts_that_keep_the_constraints_are_evaluated()
    {
        var reply = await Client.EvaluateGroupAsync(new EvaluateGroupRequest
        {
            PolicyId = Procurement, Period = "2026-06", MembersJson = $$"""{ "甲": {{GoodsAt40}} }""",
        });
        Assert.Equal("78.00", reply.Members.Single().Outputs.Single(o => o.Name == "综合得分").Value);
    }

    [Fact]
    public async Task A_member_of_a_group_that_breaks_a_constraint_rejects_the_group_at_its_path()
    {
        var error = await Assert.ThrowsAsync<RpcException>(async () => await Client.EvaluateGroupAsync(new EvaluateGroupRequest
        {
            PolicyId = Procurement, Period = "2026-06", MembersJson = $$"""{ "甲": {{GoodsAt40}}, "乙": {{GoodsAt20}} }""",
        }));
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        var violation = error.GetRpcStatus()!.GetDetail<BadRequest>()!.FieldViolations.Single();
        Assert.Contains("乙", violation.Field);
        Assert.Contains("货物类价格权重", violation.Description);
    }
}
