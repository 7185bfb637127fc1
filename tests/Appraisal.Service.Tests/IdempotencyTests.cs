using Appraisal.Service.Recording;
using Appraisal.Service.V1;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Appraisal.Service.Tests;

/// <summary>
/// A retry is recognised by what the request means, not how it is spelled: a client that rebuilds its JSON from a map,
/// writes 1.0 for 1, spells out a default or pins the version that answered can retry safely; a request that means
/// something else under the same id is still ALREADY_EXISTS.
/// </summary>
public sealed class IdempotencyTests : IDisposable
{
    private const string QuarterlyPay = "quarterly-pay/季度绩效工资";
    private const string QuarterlyFile = "quarterly-pay/季度绩效工资.policy";
    private const string Facts = """{ "全额工资": "10000", "指标一达成": true, "指标二达成": false }""";

    private readonly ServiceFactory _factory = new();
    private readonly WebApplicationFactory<Program> _host;
    private readonly GrpcChannel _channel;

    public IdempotencyTests()
    {
        _host = _factory.WithWebHostBuilder(_ => { });
        _channel = ServiceFactory.ChannelTo(_host);
    }

    public void Dispose()
    {
        _channel.Dispose();
        _host.Dispose();
        _factory.Dispose();
    }

    private V1.Appraisal.AppraisalClient Client => new(_channel);

    private static EvaluateRequest Recorded(string requestId, string facts, params V1.EarlierPeriod[] earlier)
    {
        var request = new EvaluateRequest
        {
            PolicyId = QuarterlyPay, SubjectId = "E1", Period = "2026-Q2", FactsJson = facts, Record = true, RequestId = requestId,
        };
        request.EarlierPeriods.AddRange(earlier);
        return request;
    }

    private async Task<int> RecordsOf(string subject) =>
        (await Client.GetHistoryAsync(new GetHistoryRequest { SubjectId = subject, AllRevisions = true })).Entries.Count;

    [Theory]
    [InlineData("""{ "指标二达成": false, "全额工资": "10000", "指标一达成": true }""")] // keys in another order
    [InlineData("""{ "全额工资": 10000.0, "指标一达成": true, "指标二达成": false }""")] // 10000.0 for "10000"
    [InlineData("""{ "全额工资": "10000.00 yuan", "指标一达成": true, "指标二达成": false }""")] // the unit spelled out
    [InlineData("""{ "全额工资": "10000", "指标一达成": true, "指标二达成": false, "月度评定": [] }""")] // the default given
    [InlineData("""{ "全额工资": "10000", "指标一达成": true, "指标二达成": false, "月度评定": null }""")] // null: the default
    public async Task A_retry_that_means_the_same_is_answered_from_the_record_however_its_facts_are_spelled(string respelled)
    {
        var first = await Client.EvaluateAsync(Recorded("same-meaning", Facts));
        var retry = await Client.EvaluateAsync(Recorded("same-meaning", respelled));
        Assert.False(first.Record.Replayed);
        Assert.True(retry.Record.Replayed);
        Assert.Equal(first.OutputsJson, retry.OutputsJson);
        Assert.Equal(1, await RecordsOf("E1"));
    }

    [Fact]
    public async Task A_retry_pinned_to_the_version_that_answered_is_the_same_request()
    {
        var first = await Client.EvaluateAsync(Recorded("pinned", Facts));
        var pinned = Recorded("pinned", Facts);
        pinned.Version = first.Version;
        Assert.True((await Client.EvaluateAsync(pinned)).Record.Replayed);
        Assert.Equal(1, await RecordsOf("E1"));
    }

    [Fact]
    public async Task A_retry_with_its_earlier_periods_in_another_order_and_spelling_is_the_same_request()
    {
        V1.EarlierPeriod Period(string period, string outputs) => new() { Period = period, OutputsJson = outputs };
        var first = await Client.EvaluateAsync(Recorded("with-earlier", Facts,
            Period("2025-Q4", """{ "双指标未达成": false }"""), Period("2026-Q1", """{ "双指标未达成": true, "绩效比例": 0.1 }""")));
        var retry = await Client.EvaluateAsync(Recorded("with-earlier", Facts,
            Period("2026-Q1", """{ "绩效比例": "10.0%", "双指标未达成": true }"""), Period("2025-Q4", """{ "双指标未达成": false }""")));
        Assert.Equal("request", first.HistorySource);
        Assert.True(retry.Record.Replayed);
        Assert.Equal(1, await RecordsOf("E1"));
    }

    [Theory]
    [InlineData("""{ "全额工资": "10000.01", "指标一达成": true, "指标二达成": false }""")]
    [InlineData("""{ "全额工资": "10000", "指标一达成": true, "指标二达成": false, "月度评定": ["优秀"] }""")]
    [InlineData("""{ "全额工资": "10000", "指标一达成": false, "指标二达成": false }""")]
    public async Task The_same_request_id_for_a_request_that_means_something_else_is_ALREADY_EXISTS(string other)
    {
        await Client.EvaluateAsync(Recorded("other-meaning", Facts));
        var error = await Assert.ThrowsAsync<RpcException>(async () => await Client.EvaluateAsync(Recorded("other-meaning", other)));
        Assert.Equal(StatusCode.AlreadyExists, error.StatusCode);
        Assert.Equal(1, await RecordsOf("E1"));
    }

    [Fact]
    public async Task Other_earlier_periods_under_the_same_request_id_are_ALREADY_EXISTS()
    {
        await Client.EvaluateAsync(Recorded("other-earlier", Facts, new V1.EarlierPeriod { Period = "2026-Q1", OutputsJson = """{ "双指标未达成": true }""" }));
        var error = await Assert.ThrowsAsync<RpcException>(async () => await Client.EvaluateAsync(
            Recorded("other-earlier", Facts, new V1.EarlierPeriod { Period = "2026-Q1", OutputsJson = """{ "双指标未达成": false }""" })));
        Assert.Equal(StatusCode.AlreadyExists, error.StatusCode);
    }

    [Fact]
    public async Task A_retry_after_the_policy_changed_is_answered_from_the_record_of_the_version_that_answered_it()
    {
        var first = await Client.EvaluateAsync(Recorded("across-an-edit", Facts));
        _factory.Policies.Replace(QuarterlyFile, _factory.Policies.Read(QuarterlyFile) + "\n// an edit\n");
        var until = DateTime.UtcNow.AddSeconds(20);
        while ((await Client.ListPoliciesAsync(new ListPoliciesRequest())).Policies.Single(p => p.Id == QuarterlyPay).Version == first.Version)
        {
            Assert.True(DateTime.UtcNow < until, "the edit was not picked up");
            await Task.Delay(50);
        }

        var retry = await Client.EvaluateAsync(Recorded("across-an-edit", """{ "指标一达成": true, "全额工资": 10000, "指标二达成": false }"""));
        Assert.True(retry.Record.Replayed);
        Assert.Equal(first.Version, retry.Version);

        var pinnedElsewhere = Recorded("across-an-edit", Facts);
        pinnedElsewhere.Version = (await Client.ListPoliciesAsync(new ListPoliciesRequest())).Policies.Single(p => p.Id == QuarterlyPay).Version;
        var error = await Assert.ThrowsAsync<RpcException>(async () => await Client.EvaluateAsync(pinnedElsewhere));
        Assert.Equal(StatusCode.AlreadyExists, error.StatusCode);
        Assert.Equal(1, await RecordsOf("E1"));
    }

    [Fact]
    public async Task A_retry_after_the_policy_gained_a_required_input_is_still_answered_from_the_record()
    {
        var first = await Client.EvaluateAsync(Recorded("before-new-input", Facts));
        var text = TestPolicies.WithoutTests(_factory.Policies.Read(QuarterlyFile)).Replace("input {\n", "input {\n  新指标: bool\n", StringComparison.Ordinal);
        _factory.Policies.Replace(QuarterlyFile, text);
        var until = DateTime.UtcNow.AddSeconds(20);
        while ((await Client.ListPoliciesAsync(new ListPoliciesRequest())).Policies.Single(p => p.Id == QuarterlyPay) is var s
               && (s.Version == first.Version || s.Status != PolicyStatus.Ready))
        {
            Assert.True(DateTime.UtcNow < until, "the edit was not served");
            await Task.Delay(50);
        }

        var retry = await Client.EvaluateAsync(Recorded("before-new-input", Facts)); // the facts lack 新指标 now
        Assert.True(retry.Record.Replayed);
        Assert.Equal(first.OutputsJson, retry.OutputsJson);
        var fresh = await Assert.ThrowsAsync<RpcException>(async () => await Client.EvaluateAsync(Recorded("after-new-input", Facts)));
        Assert.Equal(StatusCode.InvalidArgument, fresh.StatusCode);
    }

    [Fact]
    public async Task A_record_fingerprinted_by_an_older_service_still_recognises_its_retry()
    {
        // A record as the service wrote it before fingerprints were of the meaning: the hash of the request's spelling.
        var request = Recorded("legacy", Facts);
        var current = await Client.DescribePolicyAsync(new DescribePolicyRequest { PolicyId = QuarterlyPay });
        var ledger = _host.Services.GetRequiredService<LedgerHost>().Ledger!;
        await ledger.AppendAsync(new Ledger.LedgerRecord
        {
            RequestId = "legacy", SubjectId = "E1", PolicyId = QuarterlyPay, Period = "2026-Q2", PolicyVersion = current.Summary.Version,
            DeclaredVersion = "2026.1", FactsJson = Facts, OutputsJson = """{ "绩效比例": "0.1" }""",
            OutputsDetailJson = """[{ "name": "绩效比例", "type": "percent", "value": "0.1", "missing": false }]""",
            ExplanationText = "", ExplanationJson = "", Language = "en", RequestHash = Recorder.LegacyFingerprint(request, Facts),
            HistorySource = "none", RecordedAt = DateTimeOffset.UtcNow,
        });

        var retry = await Client.EvaluateAsync(request);
        Assert.True(retry.Record.Replayed);
        Assert.Equal("""{ "绩效比例": "0.1" }""", retry.OutputsJson);
        var reused = await Assert.ThrowsAsync<RpcException>(async () => await Client.EvaluateAsync(
            Recorded("legacy", Facts.Replace("10000", "20000", StringComparison.Ordinal))));
        Assert.Equal(StatusCode.AlreadyExists, reused.StatusCode);
    }

    [Fact]
    public async Task A_new_record_is_fingerprinted_by_its_meaning()
    {
        await Client.EvaluateAsync(Recorded("versioned", Facts));
        var record = await _host.Services.GetRequiredService<LedgerHost>().Ledger!.FindAsync("versioned", CancellationToken.None);
        Assert.StartsWith(Recorder.FingerprintVersion, record!.RequestHash);
    }
}
