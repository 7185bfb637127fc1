using Appraisal.Service.V1;
using Google.Rpc;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Appraisal.Service.Tests;

/// <summary>
/// <c>EvaluateGroup</c> with <c>record</c>: every member's outcome is recorded (subject: the member id; request id:
/// "{request id}/{member id}") in one transaction; a retry of the group answers every member from the ledger; a request
/// id reused for another group records nothing; each member's earlier periods are read from the ledger.
/// </summary>
public sealed class GroupRecordingTests : IDisposable
{
    private const string QuarterlyPay = "quarterly-pay/季度绩效工资";

    private readonly ServiceFactory _factory = new();
    private readonly GrpcChannel _channel;

    public GroupRecordingTests() => _channel = ServiceFactory.ChannelTo(_factory);

    public void Dispose()
    {
        _channel.Dispose();
        _factory.Dispose();
    }

    private V1.Appraisal.AppraisalClient Client => new(_channel);

    /// <summary>The policy's own ten-member case: 2 : 7 : 1, the two tied on the 优秀 line both 优秀.</summary>
    private const string TenMembers = """
        {
          "A": { "完成数量": 10, "质量效果": 20, "服务态度": 10, "及时性": 10, "服务效果": 20, "管理": 28 },
          "B": { "完成数量": 10, "质量效果": 20, "服务态度": 10, "及时性": 10, "服务效果": 20, "管理": 25 },
          "C": { "完成数量": 10, "质量效果": 20, "服务态度": 10, "及时性": 10, "服务效果": 20, "管理": 25 },
          "D": { "完成数量": 10, "质量效果": 20, "服务态度": 10, "及时性": 10, "服务效果": 18, "管理": 20 },
          "E": { "完成数量": 10, "质量效果": 18, "服务态度": 10, "及时性": 10, "服务效果": 18, "管理": 20 },
          "F": { "完成数量": 8, "质量效果": 18, "服务态度": 10, "及时性": 10, "服务效果": 18, "管理": 20 },
          "G": { "完成数量": 8, "质量效果": 16, "服务态度": 10, "及时性": 8, "服务效果": 18, "管理": 20 },
          "H": { "完成数量": 8, "质量效果": 16, "服务态度": 8, "及时性": 8, "服务效果": 16, "管理": 20 },
          "I": { "完成数量": 6, "质量效果": 16, "服务态度": 8, "及时性": 8, "服务效果": 16, "管理": 18 },
          "J": { "完成数量": 6, "质量效果": 12, "服务态度": 6, "及时性": 6, "服务效果": 12, "管理": 18 }
        }
        """;

    private static EvaluateGroupRequest Group(string requestId, string members = TenMembers, string period = "2026-Q2") => new()
    {
        PolicyId = TestPolicies.Satisfaction, MembersJson = members, Period = period, Record = true, RequestId = requestId,
        Explanation = ExplanationLevel.Summary, Language = V1.Language.Zh,
    };

    private static string Output(MemberOutcome member, string name) => member.Outputs.Single(o => o.Name == name).Value;

    private static decimal Share(MemberOutcome member) => decimal.Parse(Output(member, "绩效比例"), System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task A_recorded_forced_distribution_records_every_member_and_reads_back_the_same_outcomes()
    {
        var reply = await Client.EvaluateGroupAsync(Group("team-2026-Q2"));

        Assert.Equal(["优秀", "优秀", "优秀", "达标", "达标", "达标", "达标", "达标", "达标", "不达标"],
            reply.Members.Select(m => Output(m, "分布等级")));
        foreach (var member in reply.Members)
        {
            Assert.Equal(($"team-2026-Q2/{member.Id}", 1, false), (member.Record.RequestId, member.Record.Revision, member.Record.Replayed));
            var history = await Client.GetHistoryAsync(new GetHistoryRequest { SubjectId = member.Id });
            var entry = Assert.Single(history.Entries);
            Assert.Equal((TestPolicies.Satisfaction, "2026-Q2", reply.Version), (entry.PolicyId, entry.Period, entry.PolicyVersion));
            Assert.Equal(member.OutputsJson, entry.OutputsJson);
            Assert.Equal(member.Outputs, entry.Outputs);
            Assert.Equal(member.ExplanationText, entry.ExplanationText);
            Assert.NotEmpty(entry.ExplanationJson); // kept in full, though the caller asked for the summary
            Assert.Contains("\"管理\"", entry.FactsJson); // the member's facts as validated
        }
        Assert.Single(reply.Members.Select(m => m.Record.RecordedAt).Distinct()); // one transaction, one time
    }

    [Fact]
    public async Task A_retry_of_the_group_answers_every_member_from_the_ledger_and_records_nothing_new()
    {
        var first = await Client.EvaluateGroupAsync(Group("team-retry"));
        var retry = await Client.EvaluateGroupAsync(Group("team-retry", TenMembers.Replace("\n", "\n  ")));

        Assert.All(retry.Members, m => Assert.True(m.Record.Replayed));
        Assert.Equal(first.Members.Select(m => (m.Id, m.OutputsJson, m.ExplanationText, m.Record.Revision, m.Record.RecordedAt)),
            retry.Members.Select(m => (m.Id, m.OutputsJson, m.ExplanationText, m.Record.Revision, m.Record.RecordedAt)));
        var history = await Client.GetHistoryAsync(new GetHistoryRequest { SubjectId = "A", AllRevisions = true });
        Assert.Single(history.Entries);
    }

    [Fact]
    public async Task A_request_id_reused_for_another_group_is_ALREADY_EXISTS_and_records_nothing()
    {
        await Client.EvaluateGroupAsync(Group("team-reused"));
        var changed = TenMembers.Replace("\"管理\": 18 }\n}", "\"管理\": 30 }\n}");
        Assert.NotEqual(TenMembers, changed);

        var error = await Assert.ThrowsAsync<RpcException>(async () => await Client.EvaluateGroupAsync(Group("team-reused", changed)));

        Assert.Equal(StatusCode.AlreadyExists, error.StatusCode);
        var history = await Client.GetHistoryAsync(new GetHistoryRequest { SubjectId = "J", AllRevisions = true });
        Assert.Single(history.Entries);
    }

    [Fact]
    public async Task A_group_that_clashes_with_one_recorded_member_writes_none_of_its_members()
    {
        // "X/B" was recorded for an evaluation of another policy: the group "X" cannot take it, and no member is written.
        await Client.EvaluateAsync(new EvaluateRequest
        {
            PolicyId = TestPolicies.AfterSales, SubjectId = "someone", Period = "2026-04", Record = true, RequestId = "X/B", FactsJson = TestPolicies.Facts91,
        });

        var error = await Assert.ThrowsAsync<RpcException>(async () => await Client.EvaluateGroupAsync(Group("X")));

        Assert.Equal(StatusCode.AlreadyExists, error.StatusCode);
        Assert.Empty((await Client.GetHistoryAsync(new GetHistoryRequest { SubjectId = "A" })).Entries);
    }

    [Theory]
    [InlineData("", "2026-Q2", "request_id")]
    [InlineData("team", "", "period")]
    public async Task Recording_a_group_needs_a_request_id_and_a_period(string requestId, string period, string field)
    {
        var error = await Assert.ThrowsAsync<RpcException>(async () => await Client.EvaluateGroupAsync(Group(requestId, period: period)));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains(error.GetRpcStatus()!.GetDetail<BadRequest>()!.FieldViolations, v => v.Field == field);
    }

    [Fact]
    public async Task A_recorded_group_member_id_must_be_a_subject_id()
    {
        var error = await Assert.ThrowsAsync<RpcException>(async () => await Client.EvaluateGroupAsync(
            Group("team-ids", TenMembers.Replace("\"J\"", "\"J\\u0007\""))));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        var violation = Assert.Single(error.GetRpcStatus()!.GetDetail<BadRequest>()!.FieldViolations);
        Assert.Contains("U+0007", violation.Description);
        Assert.Empty((await Client.GetHistoryAsync(new GetHistoryRequest { SubjectId = "A" })).Entries);
    }

    [Fact]
    public async Task Each_member_reads_its_own_earlier_periods_from_the_ledger()
    {
        const string missed = """{ "全额工资": "10000 yuan", "指标一达成": false, "指标二达成": false, "月度评定": [] }""";
        // E1 missed both indicators in Q1 (its Q2 share steps up); E2 has no record (its Q2 share starts at 10%).
        await Client.EvaluateAsync(new EvaluateRequest
        {
            PolicyId = QuarterlyPay, SubjectId = "E1", Period = "2026-Q1", FactsJson = missed, Record = true, RequestId = "E1-Q1",
        });

        var reply = await Client.EvaluateGroupAsync(new EvaluateGroupRequest
        {
            PolicyId = QuarterlyPay, Period = "2026-Q2", Record = true, RequestId = "pay-Q2",
            MembersJson = $$"""{ "E1": {{missed}}, "E2": {{missed}} }""",
        });

        var (e1, e2) = (reply.Members[0], reply.Members[1]);
        Assert.Equal(("ledger", 0.15m), (e1.HistorySource, Share(e1)));
        Assert.Equal(("2026-Q1", "E1-Q1"), (Assert.Single(e1.History).Period, e1.History[0].RequestId));
        Assert.Equal(("ledger", 0.10m), (e2.HistorySource, Share(e2)));
        Assert.Empty(e2.History);
        var q2 = Assert.Single((await Client.GetHistoryAsync(new GetHistoryRequest { SubjectId = "E1", FromPeriod = "2026-Q2" })).Entries);
        Assert.Equal(("pay-Q2/E1", "ledger"), (q2.RequestId, q2.HistorySource));
    }

    [Fact]
    public async Task An_unrecorded_group_is_not_written()
    {
        var request = Group("team-unrecorded");
        request.Record = false;

        var reply = await Client.EvaluateGroupAsync(request);

        Assert.All(reply.Members, m => Assert.Null(m.Record));
        Assert.Empty((await Client.GetHistoryAsync(new GetHistoryRequest { SubjectId = "A" })).Entries);
    }
}
