using Appraisal.Service.Recording;
using Appraisal.Service.V1;
using Google.Rpc;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Newtonsoft.Json.Linq;

namespace Appraisal.Service.Tests;

/// <summary>
/// Recording outcomes in the ledger through the service (the embedded SQLite ledger of the in-process host): idempotent
/// on the request id, revisions instead of overwrites, history and audit queries, and earlier periods read from the
/// ledger with the same outcome as sending them.
/// </summary>
public sealed class LedgerServiceTests : IDisposable
{
    private const string QuarterlyPay = "quarterly-pay/季度绩效工资";

    private readonly LogSink _logs = new();
    private readonly ServiceFactory _factory = new();
    private readonly WebApplicationFactory<Program> _host;
    private readonly GrpcChannel _channel;

    public LedgerServiceTests()
    {
        _host = _factory.WithWebHostBuilder(b => b.ConfigureServices(s => s.AddSingleton<ILoggerProvider>(_logs)));
        _channel = ServiceFactory.ChannelTo(_host);
    }

    public void Dispose()
    {
        _channel.Dispose();
        _host.Dispose();
        _factory.Dispose();
    }

    private V1.Appraisal.AppraisalClient Client => new(_channel);

    private static string Quarter(bool first, bool second, decimal wage = 10000m, string months = "[]") =>
        $$"""{ "全额工资": "{{wage}} yuan", "指标一达成": {{(first ? "true" : "false")}}, "指标二达成": {{(second ? "true" : "false")}}, "月度评定": {{months}} }""";

    private static EvaluateRequest Recorded(string requestId, string subject, string period, string facts) => new()
    {
        PolicyId = QuarterlyPay, SubjectId = subject, Period = period, FactsJson = facts, Record = true, RequestId = requestId,
        Explanation = ExplanationLevel.Summary, Language = V1.Language.Zh,
    };

    private static string Output(EvaluateReply reply, string name) => reply.Outputs.Single(o => o.Name == name).Value;

    private static decimal Share(EvaluateReply reply) => decimal.Parse(Output(reply, "绩效比例"), System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task A_recorded_evaluation_is_kept_with_its_facts_outputs_explanation_and_policy_version()
    {
        var facts = Quarter(first: true, second: true, months: "[\"优秀\", \"合格\", \"合格\"]");
        var reply = await Client.EvaluateAsync(Recorded("req-1", "E001", "2026-Q1", facts));

        Assert.Equal(1, reply.Record.Revision);
        Assert.Equal("req-1", reply.Record.RequestId);
        Assert.False(reply.Record.Replayed);
        Assert.EndsWith("Z", reply.Record.RecordedAt);

        var history = await Client.GetHistoryAsync(new GetHistoryRequest { SubjectId = "E001" });
        var entry = Assert.Single(history.Entries);
        Assert.Equal(("req-1", "E001", QuarterlyPay, "2026-Q1", 1), (entry.RequestId, entry.SubjectId, entry.PolicyId, entry.Period, entry.Revision));
        Assert.Equal(facts, entry.FactsJson);
        Assert.Equal(reply.OutputsJson, entry.OutputsJson);
        Assert.Equal(reply.Outputs, entry.Outputs);
        Assert.Equal(reply.Version, entry.PolicyVersion);
        Assert.Equal("2026.1", entry.DeclaredVersion);
        Assert.Equal(reply.ExplanationText, entry.ExplanationText);
        Assert.Contains("绩效比例", entry.ExplanationText);
        Assert.NotEmpty(entry.ExplanationJson); // kept in full even though the caller asked for the summary
        Assert.Equal("zh", entry.Language);
        Assert.Equal(reply.Record.RecordedAt, entry.RecordedAt);
    }

    [Fact]
    public async Task A_retry_with_the_same_request_id_records_nothing_new_and_answers_with_the_recorded_outcome()
    {
        var request = Recorded("req-retry", "E002", "2026-Q1", Quarter(first: false, second: true));
        var first = await Client.EvaluateAsync(request);
        var retry = await Client.EvaluateAsync(request.Clone());

        Assert.False(first.Record.Replayed);
        Assert.True(retry.Record.Replayed);
        Assert.Equal(first.OutputsJson, retry.OutputsJson);
        Assert.Equal(first.Outputs, retry.Outputs);
        Assert.Equal(first.ExplanationText, retry.ExplanationText);
        Assert.Equal(first.Record.RecordedAt, retry.Record.RecordedAt);
        var all = await Client.GetHistoryAsync(new GetHistoryRequest { SubjectId = "E002", AllRevisions = true });
        Assert.Single(all.Entries);
    }

    [Fact]
    public async Task A_retry_with_other_whitespace_in_its_facts_is_still_the_same_request()
    {
        await Client.EvaluateAsync(Recorded("req-ws", "E003", "2026-Q1", Quarter(first: true, second: true)));
        var retry = await Client.EvaluateAsync(Recorded("req-ws", "E003", "2026-Q1", JObject.Parse(Quarter(first: true, second: true)).ToString()));
        Assert.True(retry.Record.Replayed);
    }

    [Fact]
    public async Task Reusing_a_request_id_for_a_different_request_is_ALREADY_EXISTS_and_records_nothing()
    {
        await Client.EvaluateAsync(Recorded("req-clash", "E004", "2026-Q1", Quarter(first: true, second: true)));
        var error = await Assert.ThrowsAsync<RpcException>(async () =>
            await Client.EvaluateAsync(Recorded("req-clash", "E004", "2026-Q1", Quarter(first: false, second: false))));

        Assert.Equal(StatusCode.AlreadyExists, error.StatusCode);
        Assert.Equal("req-clash", error.GetRpcStatus()!.GetDetail<ResourceInfo>()!.ResourceName);
        var all = await Client.GetHistoryAsync(new GetHistoryRequest { SubjectId = "E004", AllRevisions = true });
        Assert.Equal("false", JObject.Parse(Assert.Single(all.Entries).OutputsJson)["双指标未达成"]!.ToString().ToLowerInvariant());
    }

    [Fact]
    public async Task Recording_the_same_subject_and_period_again_adds_a_revision_and_overwrites_nothing()
    {
        var first = await Client.EvaluateAsync(Recorded("q1-a", "E005", "2026-Q1", Quarter(first: false, second: false)));
        var correction = await Client.EvaluateAsync(Recorded("q1-b", "E005", "2026-Q1", Quarter(first: true, second: false)));

        Assert.Equal(1, first.Record.Revision);
        Assert.Equal(2, correction.Record.Revision);
        var latest = await Client.GetHistoryAsync(new GetHistoryRequest { SubjectId = "E005", PolicyId = QuarterlyPay });
        Assert.Equal("q1-b", Assert.Single(latest.Entries).RequestId);
        var all = await Client.GetHistoryAsync(new GetHistoryRequest { SubjectId = "E005", PolicyId = QuarterlyPay, AllRevisions = true });
        Assert.Equal(["q1-a", "q1-b"], all.Entries.Select(e => e.RequestId));
        Assert.Equal([1, 2], all.Entries.Select(e => e.Revision));
        Assert.Equal(first.OutputsJson, all.Entries[0].OutputsJson);
    }

    [Theory]
    [InlineData("", "req", "2026-Q1", "subject_id")]
    [InlineData("E006", "", "2026-Q1", "request_id")]
    [InlineData("E006", "req", "", "period")]
    public async Task Recording_needs_a_subject_a_request_id_and_a_period(string subject, string requestId, string period, string field)
    {
        var error = await Assert.ThrowsAsync<RpcException>(async () =>
            await Client.EvaluateAsync(Recorded(requestId, subject, period, Quarter(first: true, second: true))));
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal(field, error.GetRpcStatus()!.GetDetail<BadRequest>()!.FieldViolations.Single().Field);
    }

    [Fact]
    public async Task A_rejected_fact_set_records_nothing()
    {
        await Assert.ThrowsAsync<RpcException>(async () =>
            await Client.EvaluateAsync(Recorded("req-bad", "E007", "2026-Q1", """{ "全额工资": "很多" }""")));
        var history = await Client.GetHistoryAsync(new GetHistoryRequest { SubjectId = "E007", AllRevisions = true });
        Assert.Empty(history.Entries);
    }

    [Fact]
    public async Task On_a_stream_the_stream_request_id_is_the_idempotency_key_and_a_replayed_stream_records_nothing_twice()
    {
        async Task<List<EvaluateStreamReply>> Stream()
        {
            using var call = Client.EvaluateStream();
            for (var q = 1; q <= 4; q++)
            {
                var request = Recorded("", "E008", $"2026-Q{q}", Quarter(first: q % 2 == 0, second: false));
                await call.RequestStream.WriteAsync(new EvaluateStreamRequest { RequestId = $"E008-2026-Q{q}", Request = request });
            }
            await call.RequestStream.CompleteAsync();
            var replies = new List<EvaluateStreamReply>();
            await foreach (var reply in call.ResponseStream.ReadAllAsync()) replies.Add(reply);
            return replies;
        }

        var first = await Stream();
        var again = await Stream();

        Assert.All(first, r => Assert.False(r.Reply.Record.Replayed));
        Assert.All(again, r => Assert.True(r.Reply.Record.Replayed));
        Assert.Equal(first.Select(r => r.Reply.OutputsJson), again.Select(r => r.Reply.OutputsJson));
        var all = await Client.GetHistoryAsync(new GetHistoryRequest { SubjectId = "E008", AllRevisions = true });
        Assert.Equal(["E008-2026-Q1", "E008-2026-Q2", "E008-2026-Q3", "E008-2026-Q4"], all.Entries.Select(e => e.RequestId));
    }

    /// <summary>
    /// Eight quarters of the escalation policy, each recorded without earlier periods in the request: the share steps
    /// up 10% → 25%, stays at its cap, resets after a met quarter and steps again. Every answer equals the answer to
    /// the same request carrying the earlier periods explicitly.
    /// </summary>
    [Fact]
    public async Task Earlier_periods_read_from_the_ledger_give_the_same_outcome_as_sending_them()
    {
        (string Period, bool First, bool Second, decimal Share)[] quarters =
        [
            ("2026-Q1", false, false, 0.10m),
            ("2026-Q2", false, false, 0.15m),
            ("2026-Q3", false, false, 0.20m),
            ("2026-Q4", false, false, 0.25m),
            ("2027-Q1", true, false, 0.25m), // capped: four missed quarters would make 30%
            ("2027-Q2", false, false, 0.10m), // 2027-Q1 met one indicator: reset
            ("2027-Q3", true, true, 0.15m),
            ("2027-Q4", true, true, 0.10m),
        ];
        var earlier = new List<V1.EarlierPeriod>();
        foreach (var (period, first, second, share) in quarters)
        {
            var facts = Quarter(first, second, wage: 12345.67m, months: "[\"优秀\", \"不合格\", \"合格\"]");
            var fromLedger = await Client.EvaluateAsync(Recorded($"E100-{period}", "E100", period, facts));
            var explicitRequest = new EvaluateRequest
            {
                PolicyId = QuarterlyPay, Period = period, FactsJson = facts, Explanation = ExplanationLevel.Full, Language = V1.Language.Zh,
            };
            explicitRequest.EarlierPeriods.AddRange(earlier);
            var explicitReply = await Client.EvaluateAsync(explicitRequest);

            Assert.Equal(share, Share(fromLedger));
            Assert.Equal(explicitReply.OutputsJson, fromLedger.OutputsJson);
            Assert.Equal(explicitReply.Outputs, fromLedger.Outputs);
            Assert.Equal(explicitReply.ExplanationText, fromLedger.ExplanationText);
            Assert.Equal(earlier.Count == 0 ? "none" : "request", explicitReply.HistorySource);
            Assert.Equal("ledger", fromLedger.HistorySource); // looked up there, even when nothing was recorded yet
            Assert.Equal(earlier.Select(e => e.Period), fromLedger.History.Select(h => h.Period));
            earlier.Add(new V1.EarlierPeriod { Period = period, OutputsJson = fromLedger.OutputsJson });
        }
    }

    [Fact]
    public async Task A_correction_of_an_earlier_period_is_what_later_periods_read()
    {
        await Client.EvaluateAsync(Recorded("E200-q1-a", "E200", "2026-Q1", Quarter(first: false, second: false)));
        var before = await Client.EvaluateAsync(new EvaluateRequest { PolicyId = QuarterlyPay, SubjectId = "E200", Period = "2026-Q2", FactsJson = Quarter(true, true) });
        await Client.EvaluateAsync(Recorded("E200-q1-b", "E200", "2026-Q1", Quarter(first: true, second: false)));
        var after = await Client.EvaluateAsync(new EvaluateRequest { PolicyId = QuarterlyPay, SubjectId = "E200", Period = "2026-Q2", FactsJson = Quarter(true, true) });

        Assert.Equal(0.15m, Share(before));
        Assert.Equal(0.10m, Share(after));
        var used = Assert.Single(after.History);
        Assert.Equal(("2026-Q1", 2, "E200-q1-b"), (used.Period, used.Revision, used.RequestId));
        Assert.Null(after.Record); // read, not recorded
    }

    [Fact]
    public async Task Earlier_periods_in_the_request_win_over_the_ledger()
    {
        await Client.EvaluateAsync(Recorded("E300-q1", "E300", "2026-Q1", Quarter(first: false, second: false)));
        var request = new EvaluateRequest { PolicyId = QuarterlyPay, SubjectId = "E300", Period = "2026-Q2", FactsJson = Quarter(true, true) };
        request.EarlierPeriods.Add(new V1.EarlierPeriod { Period = "2026-Q1", OutputsJson = """{ "双指标未达成": false }""" });
        var reply = await Client.EvaluateAsync(request);
        Assert.Equal(0.10m, Share(reply));
        Assert.Equal("request", reply.HistorySource);
    }

    [Fact]
    public async Task The_audit_shows_which_policy_version_answered_when_and_from_which_request()
    {
        var before = DateTimeOffset.UtcNow.AddSeconds(-1);
        var reply = await Client.EvaluateAsync(Recorded("audit-1", "E400", "2026-Q3", Quarter(first: true, second: true)));
        await Client.EvaluateAsync(Recorded("audit-2", "E401", "2026-Q3", Quarter(first: true, second: true)));
        var described = await Client.DescribePolicyAsync(new DescribePolicyRequest { PolicyId = QuarterlyPay });

        var byRequest = Assert.Single((await Client.AuditAsync(new AuditRequest { RequestId = "audit-1" })).Entries);
        Assert.Equal(("E400", "2026-Q3", QuarterlyPay, described.Summary.Version), (byRequest.SubjectId, byRequest.Period, byRequest.PolicyId, byRequest.PolicyVersion));
        Assert.Equal(reply.Record.RecordedAt, byRequest.RecordedAt);
        Assert.Equal(reply.OutputsJson, byRequest.OutputsJson);

        var byVersion = await Client.AuditAsync(new AuditRequest { PolicyVersion = described.Summary.Version, Since = Recorder.Time(before) });
        Assert.Equal(["audit-1", "audit-2"], byVersion.Entries.Select(e => e.RequestId));
        var none = await Client.AuditAsync(new AuditRequest { PolicyVersion = described.Summary.Version, Until = Recorder.Time(before) });
        Assert.Empty(none.Entries);
    }

    [Theory]
    [InlineData("from_period", "2026-Q5", "")]
    [InlineData("to_period", "", "明年")]
    [InlineData("to_period", "2026-Q1", "2026-06")]
    public async Task A_bad_period_bound_in_a_history_query_is_INVALID_ARGUMENT(string field, string from, string to)
    {
        var request = new GetHistoryRequest { SubjectId = "E500", FromPeriod = from, ToPeriod = to };
        var error = await Assert.ThrowsAsync<RpcException>(async () => await Client.GetHistoryAsync(request));
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal(field, error.GetRpcStatus()!.GetDetail<BadRequest>()!.FieldViolations.Single().Field);
    }

    [Fact]
    public async Task A_history_query_by_period_range()
    {
        for (var q = 1; q <= 4; q++) await Client.EvaluateAsync(Recorded($"E600-{q}", "E600", $"2026-Q{q}", Quarter(true, true)));
        var range = await Client.GetHistoryAsync(new GetHistoryRequest { SubjectId = "E600", FromPeriod = "2026-Q2", ToPeriod = "2026-Q3" });
        Assert.Equal(["2026-Q2", "2026-Q3"], range.Entries.Select(e => e.Period));
    }

    [Fact]
    public async Task Retention_erases_facts_and_explanations_but_keeps_the_outcome_and_its_audit_trail()
    {
        await Client.EvaluateAsync(Recorded("E700-q1", "E700", "2026-Q1", Quarter(true, true)));
        var host = _host.Services.GetRequiredService<LedgerHost>();
        var policy = new Ledger.LedgerOptions { FactsRetentionDays = 30 }.Retention;

        var result = await host.Ledger!.ApplyRetentionAsync(policy, DateTimeOffset.UtcNow.AddDays(31));

        Assert.True(result.Erased >= 1);
        var entry = Assert.Single((await Client.GetHistoryAsync(new GetHistoryRequest { SubjectId = "E700" })).Entries);
        Assert.Equal("", entry.FactsJson);
        Assert.Equal("", entry.ExplanationText);
        Assert.NotEqual("", entry.ErasedAt);
        Assert.Contains("绩效比例", entry.OutputsJson);
        Assert.Single((await Client.AuditAsync(new AuditRequest { RequestId = "E700-q1" })).Entries);
    }

    [Fact]
    public async Task Logs_never_contain_recorded_facts()
    {
        await Client.EvaluateAsync(Recorded("E800-q1", "E800", "2026-Q1", Quarter(true, true, wage: 98765.43m)));
        await Client.EvaluateAsync(Recorded("E800-q1", "E800", "2026-Q1", Quarter(true, true, wage: 98765.43m)));
        await Assert.ThrowsAsync<RpcException>(async () =>
            await Client.EvaluateAsync(Recorded("E800-q1", "E800", "2026-Q1", Quarter(false, true, wage: 98765.43m))));
        Assert.NotEmpty(_logs.Messages);
        Assert.DoesNotContain(_logs.Messages, m => m.Contains("98765", StringComparison.Ordinal));
    }
}

/// <summary>A service with the ledger turned off: evaluations still answer; recording and ledger queries say why they cannot.</summary>
public sealed class LedgerTurnedOffTests : IDisposable
{
    private readonly ServiceFactory _factory = new();
    private readonly WebApplicationFactory<Program> _host;
    private readonly GrpcChannel _channel;

    public LedgerTurnedOffTests()
    {
        _host = _factory.WithWebHostBuilder(b => b.UseSetting("Ledger:Enabled", "false"));
        _channel = ServiceFactory.ChannelTo(_host);
    }

    public void Dispose()
    {
        _channel.Dispose();
        _host.Dispose();
        _factory.Dispose();
    }

    [Fact]
    public async Task Recording_and_history_are_FAILED_PRECONDITION_and_plain_evaluation_still_answers()
    {
        var client = new V1.Appraisal.AppraisalClient(_channel);
        var request = new EvaluateRequest { PolicyId = TestPolicies.AfterSales, FactsJson = TestPolicies.Facts91 };
        Assert.Equal("91", (await client.EvaluateAsync(request)).Outputs.Single(o => o.Name == "得分").Value);

        request.Record = true;
        request.SubjectId = "E1";
        request.RequestId = "r1";
        request.Period = "2026-03";
        var record = await Assert.ThrowsAsync<RpcException>(async () => await client.EvaluateAsync(request));
        Assert.Equal(StatusCode.FailedPrecondition, record.StatusCode);
        var history = await Assert.ThrowsAsync<RpcException>(async () => await client.GetHistoryAsync(new GetHistoryRequest { SubjectId = "E1" }));
        Assert.Equal(StatusCode.FailedPrecondition, history.StatusCode);
        // The ledger wrote nothing there; the compile cache (Engine:CompileCache, beside the ledger by default) may have.
        string[] written = Directory.Exists(_factory.DataDirectory)
            ? Directory.GetFileSystemEntries(_factory.DataDirectory).Select(e => Path.GetFileName(e)).ToArray()
            : [];
        Assert.All(written, name => Assert.Equal("compile-cache", name));
    }
}
