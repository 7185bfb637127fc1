using Appraisal.Service.V1;
using Google.Rpc;
using Grpc.Core;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Appraisal.Service.Tests;

/// <summary>
/// The policy lifecycle through the service on the SQLite ledger: publishing (by the caller's configured name; refused
/// when the version has errors or failing tests), serving from the registry with effective dates (the version in force
/// on the first day of the period; a correction with the same date wins; a pinned version answers as pinned), the reply
/// and the record saying which version and why, a publication reaching a second instance, and replay.
/// </summary>
public sealed class RegistryTests : IDisposable
{
    private const string Token = "registry-test-token-3f9a1c";
    private static readonly Metadata Auth = new() { { "authorization", "Bearer " + Token } };
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    private readonly ServiceFactory _directory = new();

    public void Dispose() => _directory.Dispose();

    /// <summary>A host on the same policy copy and ledger file, with the hr-ops caller's token, serving from the directory or the registry.</summary>
    private WebApplicationFactory<Program> Host(string source) => _directory.WithWebHostBuilder(builder =>
    {
        builder.UseSetting("Policies:Source", source);
        builder.UseSetting("Security:Callers:0:Name", "hr-ops");
        builder.UseSetting("Security:Callers:0:Token", Token);
    });

    private static V1.Appraisal.AppraisalClient ClientOf(WebApplicationFactory<Program> host) => new(ServiceFactory.ChannelTo(host));

    /// <summary>A monthly policy whose bonus is a + <paramref name="plus"/>, with a test that agrees.</summary>
    internal static string Bonus(int plus, int expected) => $$"""
        policy 月度加分
          version 2026.{{plus}}
          period month

        input { a: points }
        output b: points = a + {{plus}}
        test "一分" {
          given { a: 1 }
          expect { b: {{expected}} }
        }
        """;

    internal const string BonusId = "bonus/月度加分";

    private static EvaluateRequest Month(string period, string version = "") => new()
    {
        PolicyId = BonusId, Period = period, Version = version, FactsJson = """{ "a": 1 }""",
    };

    private static string B(EvaluateReply reply) => reply.Outputs.Single(o => o.Name == "b").Value;

    [Fact]
    public async Task Publishing_the_served_version_records_the_callers_name_and_shows_in_the_policy_list()
    {
        await using var host = Host("directory");
        var client = ClientOf(host);
        var served = (await client.ListPoliciesAsync(new ListPoliciesRequest(), Auth)).Policies.Single(p => p.Id == TestPolicies.AfterSales);

        var reply = await client.PublishPolicyAsync(new PublishPolicyRequest
        {
            PolicyId = TestPolicies.AfterSales, EffectiveFrom = "2026-04-01", Message = "二季度起执行",
        }, Auth);

        var publication = reply.Publication;
        Assert.Equal((TestPolicies.AfterSales, served.Version, "2026-04-01", "hr-ops", "二季度起执行"),
            (publication.PolicyId, publication.Version, publication.EffectiveFrom, publication.PublishedBy, publication.Message));
        Assert.True(publication.Id > 0);
        var listed = (await client.ListPoliciesAsync(new ListPoliciesRequest(), Auth)).Policies.Single(p => p.Id == TestPolicies.AfterSales);
        Assert.Equal("directory", listed.Source);
        Assert.Equal(publication, Assert.Single(listed.Publications));
        var described = await client.DescribePolicyAsync(new DescribePolicyRequest { PolicyId = TestPolicies.AfterSales }, Auth);
        Assert.Equal(publication, Assert.Single(described.Summary.Publications));

        // In directory mode the file still serves, whatever was published.
        var evaluated = await client.EvaluateAsync(new EvaluateRequest { PolicyId = TestPolicies.AfterSales, Period = "2026-05", FactsJson = TestPolicies.Facts91 }, Auth);
        Assert.Equal(("served", null), (evaluated.VersionBasis, evaluated.Publication));
    }

    [Fact]
    public async Task A_version_with_a_failing_test_or_an_error_is_not_published_and_says_why()
    {
        await using var host = Host("directory");
        var client = ClientOf(host);

        var failing = await Assert.ThrowsAsync<RpcException>(async () => await client.PublishPolicyAsync(new PublishPolicyRequest
        {
            PolicyId = BonusId, Source = Bonus(plus: 1, expected: 3), EffectiveFrom = "2026-01-01",
        }, Auth));
        Assert.Equal(StatusCode.FailedPrecondition, failing.StatusCode);
        var test = Assert.Single(failing.GetRpcStatus()!.GetDetail<PreconditionFailure>()!.Violations);
        Assert.Equal("TEST_FAILED", test.Type);
        Assert.Contains("一分", test.Description);
        Assert.Contains("b: expected 3 pts, got 2 pts", test.Description);

        var broken = await Assert.ThrowsAsync<RpcException>(async () => await client.PublishPolicyAsync(new PublishPolicyRequest
        {
            PolicyId = BonusId, Source = Bonus(1, 2).Replace("a + 1", "a + 未定义", StringComparison.Ordinal), EffectiveFrom = "2026-01-01",
        }, Auth));
        Assert.Equal(StatusCode.FailedPrecondition, broken.StatusCode);
        var error = broken.GetRpcStatus()!.GetDetail<PreconditionFailure>()!.Violations[0];
        Assert.StartsWith("PL", error.Type);
        Assert.StartsWith("bonus/月度加分.policy(", error.Subject);

        // Nothing was published by either.
        var listed = await client.ListPoliciesAsync(new ListPoliciesRequest(), Auth);
        Assert.All(listed.Policies, p => Assert.Empty(p.Publications));
    }

    [Theory]
    [InlineData("", "2026-01-01", "policy_id")]
    [InlineData("../outside", "2026-01-01", "policy_id")]
    [InlineData("bonus/月度加分.policy", "2026-01-01", "policy_id")]
    [InlineData(BonusId, "2026-1-1", "effective_from")]
    [InlineData(BonusId, "", "effective_from")]
    public async Task A_bad_publication_request_is_INVALID_ARGUMENT_naming_the_field(string policyId, string effective, string field)
    {
        await using var host = Host("directory");
        var error = await Assert.ThrowsAsync<RpcException>(async () => await ClientOf(host).PublishPolicyAsync(new PublishPolicyRequest
        {
            PolicyId = policyId, Source = Bonus(1, 2), EffectiveFrom = effective,
        }, Auth));
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal(field, Assert.Single(error.GetRpcStatus()!.GetDetail<BadRequest>()!.FieldViolations).Field);
    }

    [Fact]
    public async Task From_the_registry_each_period_is_evaluated_by_the_version_in_force_on_its_first_day()
    {
        await using var first = Host("registry");
        await using var second = Host("registry");
        var client = ClientOf(first);
        var other = ClientOf(second);
        Assert.Empty((await other.ListPoliciesAsync(new ListPoliciesRequest(), Auth)).Policies); // nothing published yet

        var v1 = (await client.PublishPolicyAsync(new PublishPolicyRequest { PolicyId = BonusId, Source = Bonus(1, 2), EffectiveFrom = "2026-01-01" }, Auth)).Publication;
        var v2 = (await client.PublishPolicyAsync(new PublishPolicyRequest
        {
            PolicyId = BonusId, Source = Bonus(2, 3), EffectiveFrom = "2026-07-01", Message = "下半年起加两分",
        }, Auth)).Publication;

        // The publishing instance serves both before its replies leave.
        var march = await client.EvaluateAsync(Month("2026-03"), Auth);
        Assert.Equal(("2", v1.Version, "published:" + v1.Id, v1), (B(march), march.Version, march.VersionBasis, march.Publication));
        var june = await client.EvaluateAsync(Month("2026-06"), Auth);
        Assert.Equal(("2", "published:" + v1.Id), (B(june), june.VersionBasis));
        var september = await client.EvaluateAsync(Month("2026-09"), Auth);
        Assert.Equal(("3", v2.Version, "published:" + v2.Id, "2026.2"), (B(september), september.Version, september.VersionBasis, september.DeclaredVersion));

        // A period before the first effective date has no version.
        var before = await Assert.ThrowsAsync<RpcException>(async () => await client.EvaluateAsync(Month("2025-12"), Auth));
        Assert.Equal(StatusCode.FailedPrecondition, before.StatusCode);
        Assert.Equal("NOT_IN_FORCE", Assert.Single(before.GetRpcStatus()!.GetDetail<PreconditionFailure>()!.Violations).Type);
        Assert.Contains("2026-01-01", before.Status.Detail);

        // Pinned, the earlier version answers a later period, and says it was pinned.
        var pinned = await client.EvaluateAsync(Month("2026-09", v1.Version), Auth);
        Assert.Equal(("2", v1.Version, "pinned", null), (B(pinned), pinned.Version, pinned.VersionBasis, pinned.Publication));

        // The record says which version and why.
        var recorded = await client.EvaluateAsync(new EvaluateRequest(Month("2026-08")) { SubjectId = "E1", Record = true, RequestId = "E1-2026-08" }, Auth);
        Assert.Equal("published:" + v2.Id, recorded.VersionBasis);
        var audit = Assert.Single((await client.AuditAsync(new AuditRequest { RequestId = "E1-2026-08" }, Auth)).Entries);
        Assert.Equal((v2.Version, "published:" + v2.Id), (audit.PolicyVersion, audit.VersionBasis));
        Assert.NotEmpty(audit.EngineVersion);

        // The listing shows the version in force today and the whole history.
        var listed = (await client.ListPoliciesAsync(new ListPoliciesRequest(), Auth)).Policies.Single();
        Assert.Equal((BonusId, "registry", PolicyStatus.Ready, v2.Version), (listed.Id, listed.Source, listed.Status, listed.Version));
        Assert.Equal([v1, v2], listed.Publications);

        // The second instance serves the same, within seconds.
        var seen = await Eventually(async () => await other.EvaluateAsync(Month("2026-09"), Auth), r => r.VersionBasis == "published:" + v2.Id);
        Assert.Equal("3", B(seen));

        // A correction with the same effective date is a new publication, and wins from then on, on both instances.
        var correction = (await client.PublishPolicyAsync(new PublishPolicyRequest
        {
            PolicyId = BonusId, Source = Bonus(1, 2), EffectiveFrom = "2026-07-01", Message = "撤回下半年的调整",
        }, Auth)).Publication;
        Assert.Equal(v1.Version, correction.Version);
        Assert.True(correction.Id > v2.Id);
        var corrected = await client.EvaluateAsync(Month("2026-09"), Auth);
        Assert.Equal(("2", "published:" + correction.Id), (B(corrected), corrected.VersionBasis));
        await Eventually(async () => await other.EvaluateAsync(Month("2026-09"), Auth), r => r.VersionBasis == "published:" + correction.Id);
        Assert.Equal([v1, v2, correction], (await other.ListPoliciesAsync(new ListPoliciesRequest(), Auth)).Policies.Single().Publications);
    }

    [Fact]
    public async Task A_policy_published_only_from_a_later_date_is_SCHEDULED_and_answers_periods_from_that_date()
    {
        await using var host = Host("registry");
        var client = ClientOf(host);
        await client.PublishPolicyAsync(new PublishPolicyRequest { PolicyId = BonusId, Source = Bonus(1, 2), EffectiveFrom = "2099-01-01" }, Auth);

        var listed = (await client.ListPoliciesAsync(new ListPoliciesRequest(), Auth)).Policies.Single();
        Assert.Equal((PolicyStatus.Scheduled, ""), (listed.Status, listed.Version));
        Assert.Equal("2", B(await client.EvaluateAsync(Month("2099-02"), Auth)));
        var today = await Assert.ThrowsAsync<RpcException>(async () => await client.EvaluateAsync(new EvaluateRequest { PolicyId = BonusId, FactsJson = """{ "a": 1 }""" }, Auth));
        Assert.Equal(StatusCode.FailedPrecondition, today.StatusCode);
    }

    [Fact]
    public async Task Replay_reports_each_recorded_decision_identical_with_its_regenerated_explanation()
    {
        var client = _directory.Client;
        foreach (var subject in new[] { "E1", "E2" })
        {
            await client.EvaluateAsync(new EvaluateRequest
            {
                PolicyId = TestPolicies.AfterSales, Period = "2026-03", FactsJson = TestPolicies.Facts91, SubjectId = subject, Record = true,
                RequestId = $"{subject}-2026-03", Language = Language.Zh,
            });
        }

        var one = await client.ReplayAsync(new ReplayRequest { RequestId = "E1-2026-03", Explanation = ExplanationLevel.Summary, Language = Language.Zh });
        var record = Assert.Single(one.Records);
        Assert.Equal((V1.ReplayStatus.Identical, "E1", 1, 0), (record.Status, record.SubjectId, one.Identical, one.Different));
        Assert.Empty(record.Differences);
        Assert.Contains("KPI奖金", record.ExplanationText);
        Assert.Equal(record.RecordedEngine, record.ReplayedEngine);

        var period = await client.ReplayAsync(new ReplayRequest { Period = "2026-03", PolicyId = TestPolicies.AfterSales });
        Assert.Equal((2, 2, false), (period.Records.Count, period.Identical, period.Truncated));
        Assert.All(period.Records, r => Assert.Empty(r.ExplanationText));
        var limited = await client.ReplayAsync(new ReplayRequest { Period = "2026-03", Limit = 1 });
        Assert.Equal((1, true), (limited.Records.Count, limited.Truncated));

        var unknown = await Assert.ThrowsAsync<RpcException>(async () => await client.ReplayAsync(new ReplayRequest { RequestId = "nobody" }));
        Assert.Equal(StatusCode.NotFound, unknown.StatusCode);
        var nothing = await Assert.ThrowsAsync<RpcException>(async () => await client.ReplayAsync(new ReplayRequest()));
        Assert.Equal(StatusCode.InvalidArgument, nothing.StatusCode);
        var both = await Assert.ThrowsAsync<RpcException>(async () => await client.ReplayAsync(new ReplayRequest { RequestId = "E1-2026-03", Period = "2026-03" }));
        Assert.Equal(StatusCode.InvalidArgument, both.StatusCode);
        var badPeriod = await Assert.ThrowsAsync<RpcException>(async () => await client.ReplayAsync(new ReplayRequest { Period = "2026-3" }));
        Assert.Equal("period", Assert.Single(badPeriod.GetRpcStatus()!.GetDetail<BadRequest>()!.FieldViolations).Field);
    }

    [Fact]
    public async Task DiffPolicies_reports_what_an_edit_would_change_over_a_team_file_and_over_a_recorded_period()
    {
        await using var host = Host("registry");
        var client = ClientOf(host);
        var published = (await client.PublishPolicyAsync(new PublishPolicyRequest { PolicyId = BonusId, Source = Bonus(1, 2), EffectiveFrom = "2026-01-01" }, Auth)).Publication;

        // The served version against an edit, over a team file as HR keeps it.
        var team = Google.Protobuf.ByteString.CopyFromUtf8("工号,a\nE1,1\nE2,5\nE3,9\n");
        var diff = await client.DiffPoliciesAsync(new DiffPoliciesRequest
        {
            PolicyId = BonusId, Period = "2026-03", NewSource = Bonus(2, 3), TeamCsv = team, Format = DiffFormat.Html,
        }, Auth);
        Assert.Equal((3, 3, "text/html; charset=utf-8"), (diff.Subjects, diff.Changed, diff.ContentType));
        Assert.Contains("<html", diff.Report.ToStringUtf8());
        var json = Newtonsoft.Json.Linq.JObject.Parse(diff.ReportJson);
        Assert.Equal(3, (int)json.SelectToken("summary.changed")!);
        Assert.Contains(published.Version, diff.ReportJson);
        Assert.Contains("published:" + published.Id, diff.ReportJson);

        // The same edit over what was recorded for a period.
        foreach (var (subject, a) in new[] { ("E1", 1), ("E2", 4) })
        {
            await client.EvaluateAsync(new EvaluateRequest
            {
                PolicyId = BonusId, Period = "2026-04", FactsJson = $$"""{ "a": {{a}} }""", SubjectId = subject, Record = true, RequestId = $"{subject}-2026-04",
            }, Auth);
        }
        var recorded = await client.DiffPoliciesAsync(new DiffPoliciesRequest
        {
            PolicyId = BonusId, NewSource = Bonus(2, 3), RecordedPeriod = "2026-04", Format = DiffFormat.Csv,
        }, Auth);
        Assert.Equal((2, 2, "text/csv; charset=utf-8"), (recorded.Subjects, recorded.Changed, recorded.ContentType));
        Assert.Contains("E2", recorded.Report.ToStringUtf8());

        // A bad cell is INVALID_ARGUMENT naming its row and column; a period with no records, and text with errors, are FAILED_PRECONDITION.
        var bad = await Assert.ThrowsAsync<RpcException>(async () => await client.DiffPoliciesAsync(new DiffPoliciesRequest
        {
            PolicyId = BonusId, Period = "2026-03", NewSource = Bonus(2, 3), TeamCsv = Google.Protobuf.ByteString.CopyFromUtf8("工号,a\nE1,多少\n"),
        }, Auth));
        Assert.Equal(StatusCode.InvalidArgument, bad.StatusCode);
        Assert.StartsWith("team_csv[row 2", Assert.Single(bad.GetRpcStatus()!.GetDetail<BadRequest>()!.FieldViolations).Field);
        var empty = await Assert.ThrowsAsync<RpcException>(async () => await client.DiffPoliciesAsync(new DiffPoliciesRequest
        {
            PolicyId = BonusId, NewSource = Bonus(2, 3), RecordedPeriod = "2026-05",
        }, Auth));
        Assert.Equal(StatusCode.FailedPrecondition, empty.StatusCode);
        var broken = await Assert.ThrowsAsync<RpcException>(async () => await client.DiffPoliciesAsync(new DiffPoliciesRequest
        {
            PolicyId = BonusId, Period = "2026-03", NewSource = Bonus(1, 2).Replace("a + 1", "a + 未定义", StringComparison.Ordinal), TeamCsv = team,
        }, Auth));
        Assert.Equal(StatusCode.FailedPrecondition, broken.StatusCode);
        var unknown = await Assert.ThrowsAsync<RpcException>(async () => await client.DiffPoliciesAsync(new DiffPoliciesRequest
        {
            PolicyId = BonusId, Period = "2026-03", NewVersion = "ledger:bonus/月度加分@0000000000000000", TeamCsv = team,
        }, Auth));
        Assert.Equal(StatusCode.NotFound, unknown.StatusCode);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_records_explanation_is_stored_or_regenerated_by_replay_as_Ledger_StoreExplanations_says(bool store)
    {
        await using var host = _directory.WithWebHostBuilder(b => b.UseSetting("Ledger:StoreExplanations", store ? "true" : "false"));
        var client = ClientOf(host);
        var evaluated = await client.EvaluateAsync(new EvaluateRequest
        {
            PolicyId = TestPolicies.AfterSales, Period = "2026-03", FactsJson = TestPolicies.Facts91, SubjectId = "E7", Record = true, RequestId = "E7-2026-03",
            Explanation = ExplanationLevel.Full, Language = Language.Zh,
        });

        var entry = Assert.Single((await client.GetHistoryAsync(new GetHistoryRequest { SubjectId = "E7" })).Entries);
        Assert.Equal(!store, entry.ExplanationRegenerated);
        Assert.Equal((evaluated.ExplanationText, evaluated.ExplanationJson), (entry.ExplanationText, entry.ExplanationJson));
        var retry = await client.EvaluateAsync(new EvaluateRequest
        {
            PolicyId = TestPolicies.AfterSales, Period = "2026-03", FactsJson = TestPolicies.Facts91, SubjectId = "E7", Record = true, RequestId = "E7-2026-03",
            Explanation = ExplanationLevel.Summary, Language = Language.Zh,
        });
        Assert.True(retry.Record.Replayed);
        Assert.Equal(evaluated.ExplanationText, retry.ExplanationText);
    }

    /// <summary>Calls until the answer satisfies the condition, for at most <see cref="Patience"/>.</summary>
    internal static async Task<T> Eventually<T>(Func<Task<T>> call, Func<T, bool> condition)
    {
        var deadline = DateTime.UtcNow + Patience;
        Exception? last = null;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                var answer = await call();
                if (condition(answer)) return answer;
            }
            catch (RpcException e) when (e.StatusCode is StatusCode.NotFound or StatusCode.FailedPrecondition)
            {
                last = e; // not published there yet
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"not seen within {Patience.TotalSeconds} s ({last?.Message})");
    }
}
