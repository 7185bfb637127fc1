using System.Text.RegularExpressions;
using Appraisal.Testing;
using Newtonsoft.Json.Linq;

namespace Appraisal.Cli.Tests;

/// <summary>
/// <c>policy diff</c> over the ledger: either version may be a registry reference (<c>ledger:ID@HASH</c>,
/// <c>ledger:ID@2026-04-01</c>, <c>ledger:ID</c> for today), and the population may be the facts recorded for a period
/// (<c>--recorded-period</c>) — the latest revision of each subject, with the earlier periods its evaluation read;
/// records whose facts retention erased are skipped and counted. Every report names where each version came from.
/// </summary>
public sealed class DiffFromLedgerTests : IDisposable
{
    /// <summary>The same policy with 12 yuan a point instead of 10.</summary>
    private static readonly string Raised = Policies.Grades.Replace("* 10 yuan", "* 12 yuan").Replace("800.00 yuan", "960.00 yuan");

    private const string Id = "grades/等级";

    private readonly Workspace _workspace = new();

    public DiffFromLedgerTests()
    {
        _workspace.Write("policies/grades/等级.policy", Policies.Grades);
        _workspace.Write("next/等级.policy", Raised);
        _workspace.Write("team.csv", "工号,得分\nE1,80\nE2,90\n");
    }

    public void Dispose() => _workspace.Dispose();

    private string LedgerPath => Path.Combine(_workspace.Root, "ledger.db");

    /// <summary>Publishes a file as grades/等级 from a day on; returns its version hash.</summary>
    private string Publish(string path, string effective)
    {
        var published = _workspace.Run("publish", path, "--effective", effective, "--ledger", "ledger.db", "--policy-id", Id);
        Assert.True(published.ExitCode == 0, published.ToString());
        return Regex.Match(published.Stdout, "version ([0-9a-f]{16})").Groups[1].Value;
    }

    /// <summary>Records each (subject, score) for the period under the current policy file, through the core.</summary>
    private async Task RecordAsync(string period, params (string Subject, int Score, string RequestId, DateTimeOffset? At)[] records)
    {
        await using var ledger = await RecordedLedger.OpenAsync(LedgerPath);
        foreach (var (subject, score, requestId, at) in records)
            await ledger.RecordAsync(Path.Combine(_workspace.Root, "policies/grades/等级.policy"), Id, subject, period, $$"""{ "得分": {{score}} }""", requestId, at);
    }

    private static JObject Json(CliResult result)
    {
        Assert.True(result.ExitCode == 0, result.ToString());
        return JObject.Load(new Newtonsoft.Json.JsonTextReader(new StringReader(result.Stdout)) { DateParseHandling = Newtonsoft.Json.DateParseHandling.None });
    }

    private static JObject Change(JObject report, string subject, string output) =>
        (JObject)report["subjects"]!.Single(s => (string?)s["subject"] == subject)["changes"]!.Single(c => (string?)c["output"] == output);

    [Fact]
    public void Two_registry_versions_by_hash_and_by_date_are_compared_over_a_team_file_and_the_report_names_them()
    {
        var first = Publish("policies/grades/等级.policy", "2020-01-01");
        var second = Publish("next/等级.policy", "2999-01-01");

        var report = Json(_workspace.Run("diff", $"ledger:{Id}@{first}", $"ledger:{Id}@2999-01-01", "--team", "team.csv", "--ledger", "ledger.db",
            "--format", "json"));

        Assert.Equal((2, 2), ((int)report["summary"]!["subjects"]!, (int)report["summary"]!["changed"]!));
        var e1 = Change(report, "E1", "奖金");
        Assert.Equal(("800.00", "960.00", "160.00"), ((string?)e1["old"], (string?)e1["new"], (string?)e1["delta"]));
        Assert.Equal(first, (string?)report["old"]!["hash"]);
        Assert.Equal(second, (string?)report["new"]!["hash"]);
        var oldSource = (JObject)report["old"]!["source"]!;
        Assert.Equal(("ledger", $"ledger:{Id}@{first}", Id), ((string?)oldSource["kind"], (string?)oldSource["reference"], (string?)oldSource["policyId"]));
        Assert.Null(oldSource["publication"]); // a version named by its hash is not chosen by a publication
        var newSource = (JObject)report["new"]!["source"]!;
        Assert.Equal((2L, "2999-01-01", "2999-01-01"), ((long)newSource["publication"]!, (string?)newSource["effectiveFrom"], (string?)newSource["day"]));
        Assert.Equal(("team", "team.csv"), ((string?)report["summary"]!["source"]!["kind"], (string?)report["summary"]!["source"]!["path"]));
    }

    [Fact]
    public void A_bare_policy_id_is_the_version_in_force_today_and_text_csv_and_html_name_where_each_version_came_from()
    {
        var first = Publish("policies/grades/等级.policy", "2020-01-01");
        var second = Publish("next/等级.policy", "2999-01-01"); // not in force yet
        var today = DateOnly.FromDateTime(DateTime.Now).ToString("yyyy-MM-dd");

        var text = _workspace.Run("diff", $"ledger:{Id}", "next/等级.policy", "--team", "team.csv", "--ledger", "ledger.db");
        var csv = _workspace.Run("diff", $"ledger:{Id}", $"ledger:{Id}@2999-01-01", "--team", "team.csv", "--ledger", "ledger.db", "--format", "csv");
        var html = _workspace.Run("diff", $"ledger:{Id}", $"ledger:{Id}@2999-01-01", "--team", "team.csv", "--ledger", "ledger.db", "--format", "html",
            "--out", "impact.html");

        Assert.True(text.ExitCode == 0, text.ToString());
        Assert.Contains($"old: ledger {Id}, publication 1 in force on {today} (effective from 2020-01-01), version {first}", text.Stdout);
        Assert.Contains($"new: file next/等级.policy, version {second}", text.Stdout); // the same text as published: the same hash
        Assert.Contains("population: team file team.csv", text.Stdout);
        Assert.Contains("subjects 2, changed 2", text.Stdout);
        Assert.True(csv.ExitCode == 0, csv.ToString());
        var rows = csv.Stdout.TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("subject,row,output,old,new,delta,old_version,new_version", rows[0]);
        Assert.Equal($"E1,2,奖金,800.00,960.00,160.00,ledger:{Id} version {first} publication 1,ledger:{Id}@2999-01-01 version {second} publication 2", rows[1]);
        Assert.True(html.ExitCode == 0, html.ToString());
        Assert.Contains($"台账登记簿 {Id}，2999-01-01 生效中的发布 #2（自 2999-01-01 起生效），版本 {second}", _workspace.Read("impact.html"));
    }

    [Fact]
    public async Task A_recorded_period_is_the_population_the_latest_revision_of_each_subject_and_a_changed_output_is_reported()
    {
        Publish("next/等级.policy", "2999-01-01");
        await RecordAsync("2026-Q2", ("E1", 80, "q2-e1", null), ("E2", 70, "q2-e2", null), ("E2", 90, "q2-e2-corrected", null), ("E3", 85, "q2-e3", null));
        await RecordAsync("2026-Q1", ("E9", 60, "q1-e9", null)); // another period: not in the population

        // The policy id whose records are read defaults to the new version's, since it comes from the ledger.
        var report = Json(_workspace.Run("diff", "policies/grades/等级.policy", $"ledger:{Id}@2999-01-01", "--recorded-period", "2026-Q2",
            "--ledger", "ledger.db", "--format", "json"));

        var summary = report["summary"]!;
        Assert.Equal((3, 3), ((int)summary["subjects"]!, (int)summary["changed"]!));
        var source = (JObject)summary["source"]!;
        Assert.Equal(("ledger", Id, "2026-Q2"), ((string?)source["kind"], (string?)source["policyId"], (string?)source["period"]));
        Assert.Equal((4, 3, 0), ((int)source["records"]!, (int)source["subjects"]!, (int)source["skipped"]!));
        Assert.Equal(["E1", "E2", "E3"], report["subjects"]!.Select(s => (string)s["subject"]!));
        var e2 = Change(report, "E2", "奖金"); // revision 2's facts (90), not revision 1's (70)
        Assert.Equal(("900.00", "1080.00", "180.00"), ((string?)e2["old"], (string?)e2["new"], (string?)e2["delta"]));
        Assert.Equal("file", (string?)report["old"]!["source"]!["kind"]);
    }

    [Fact]
    public async Task A_record_whose_facts_retention_erased_is_skipped_and_counted_with_the_reason()
    {
        await RecordAsync("2026-Q2", ("E1", 80, "q2-e1", DateTimeOffset.UtcNow.AddDays(-400)), ("E2", 90, "q2-e2", null), ("E3", 85, "q2-e3", null));
        await using (var ledger = await RecordedLedger.OpenAsync(LedgerPath))
            Assert.Equal(1, (await ledger.EraseFactsOlderThanAsync(TimeSpan.FromDays(365))).Erased);

        // Both versions are files: whose records to read is --policy-id.
        var text = _workspace.Run("diff", "policies/grades/等级.policy", "next/等级.policy", "--recorded-period", "2026-Q2", "--policy-id", Id,
            "--ledger", "ledger.db");
        var zh = _workspace.Run("diff", "policies/grades/等级.policy", "next/等级.policy", "--recorded-period", "2026-Q2", "--policy-id", Id,
            "--ledger", "ledger.db", "--format", "json", "--lang", "zh");

        Assert.True(text.ExitCode == 0, text.ToString());
        Assert.Contains($"population: the ledger's records of {Id} for 2026-Q2: 3 record(s), the latest revision of 3 subject(s); " +
            "1 skipped — facts erased by retention: 1 (E1)", text.Stdout);
        Assert.Contains("subjects 2, changed 2", text.Stdout);
        Assert.Contains($"policy: ledger.db ({Id}, 2026-Q2): skipped 1 of 3 subject(s): facts erased by retention (1)", text.Stderr);
        Assert.DoesNotContain("E1", text.Stderr); // subject ids are facts: the report names them, messages do not
        var skipped = Assert.Single(Json(zh)["summary"]!["source"]!["skippedReasons"]!);
        Assert.Equal(("factsErased", "事实已按保留期限删除", 1), ((string?)skipped["reason"], (string?)skipped["message"], (int)skipped["count"]!));
        Assert.Equal(["E1"], skipped["examples"]!.Select(e => (string)e!));
    }

    [Fact]
    public async Task A_quarterly_escalation_is_compared_with_the_earlier_periods_each_subject_had()
    {
        const string escalationId = "quarterly-pay/季度绩效工资";
        var policy = File.ReadAllText(Path.Combine(RepositoryPaths.Policies, "quarterly-pay", "季度绩效工资.policy"));
        var old = _workspace.Write("old/季度绩效工资.policy", policy);
        // The step raised from 5 to 8 points (its own tests would now fail, but a diff is what one runs before that is settled).
        _workspace.Write("new/季度绩效工资.policy", policy.Replace("step 5% when 双指标未达成", "step 8% when 双指标未达成"));
        const string missed = """{ "全额工资": "10000", "指标一达成": false, "指标二达成": false }""";
        const string met = """{ "全额工资": "10000", "指标一达成": true, "指标二达成": true }""";
        await using (var ledger = await RecordedLedger.OpenAsync(LedgerPath))
        {
            await ledger.RecordAsync(old, escalationId, "E1", "2026-Q1", missed, "E1-Q1");
            await ledger.RecordAsync(old, escalationId, "E2", "2026-Q1", met, "E2-Q1");
            // Q2 reads Q1 from the ledger: E1 missed both in Q1, so its share is 15%; E2 met them, 10%.
            var e1 = await ledger.RecordAsync(old, escalationId, "E1", "2026-Q2", missed, "E1-Q2");
            await ledger.RecordAsync(old, escalationId, "E2", "2026-Q2", missed, "E2-Q2");
            Assert.Contains("\"2026-Q1\"", e1.EarlierJson);
        }

        var report = Json(_workspace.Run("diff", "old/季度绩效工资.policy", "new/季度绩效工资.policy", "--recorded-period", "2026-Q2",
            "--policy-id", escalationId, "--ledger", "ledger.db", "--format", "json"));

        // Only E1 had a quarter with both indicators missed before Q2: its share goes from 10% + 5 to 10% + 8 points.
        Assert.Equal((2, 1), ((int)report["summary"]!["subjects"]!, (int)report["summary"]!["changed"]!));
        var pay = Change(report, "E1", "绩效工资");
        Assert.Equal(("1500.00", "1800.00", "300.00"), ((string?)pay["old"], (string?)pay["new"], (string?)pay["delta"]));
        var basePay = Change(report, "E1", "基本工资");
        Assert.Equal(("8500.00", "8200.00", "-300.00"), ((string?)basePay["old"], (string?)basePay["new"], (string?)basePay["delta"]));
        Assert.DoesNotContain(report["subjects"]!, s => (string?)s["subject"] == "E2");
    }

    [Fact]
    public void A_reference_that_names_no_version_is_a_usage_error_naming_it()
    {
        Publish("policies/grades/等级.policy", "2020-01-01");
        CliResult Diff(params string[] more) => _workspace.Run(["diff", .. more]);

        var unknownHash = Diff($"ledger:{Id}@0000000000000000", "next/等级.policy", "--team", "team.csv", "--ledger", "ledger.db");
        var tooEarly = Diff($"ledger:{Id}@2019-12-31", "next/等级.policy", "--team", "team.csv", "--ledger", "ledger.db");
        var neverPublished = Diff("policies/grades/等级.policy", "ledger:nobody/无", "--team", "team.csv", "--ledger", "ledger.db", "--lang", "zh");
        var malformed = Diff($"ledger:{Id}@latest", "next/等级.policy", "--team", "team.csv", "--ledger", "ledger.db");
        var noLedger = Diff($"ledger:{Id}", "next/等级.policy", "--team", "team.csv");
        var missingLedger = Diff($"ledger:{Id}", "next/等级.policy", "--team", "team.csv", "--ledger", "missing.db");

        Assert.Equal(2, unknownHash.ExitCode);
        Assert.Contains($"policy: ledger:{Id}@0000000000000000: the ledger's registry keeps no version 0000000000000000 of {Id}", unknownHash.Stderr);
        Assert.Equal(2, tooEarly.ExitCode);
        Assert.Contains($"policy: ledger:{Id}@2019-12-31: no version of {Id} is in force on 2019-12-31 (the first publication is in force from 2020-01-01)",
            tooEarly.Stderr);
        Assert.Equal(2, neverPublished.ExitCode);
        Assert.Contains("policy：ledger:nobody/无：nobody/无 从未发布", neverPublished.Stderr);
        Assert.Equal(2, malformed.ExitCode);
        Assert.Contains($"policy: ledger:{Id}@latest: after '@' a version hash (16 hex digits) or a date such as 2026-04-01, found \"latest\"", malformed.Stderr);
        Assert.Equal(2, noLedger.ExitCode);
        Assert.Contains($"policy: ledger:{Id}: a ledger reference is resolved with --ledger", noLedger.Stderr);
        Assert.Equal(2, missingLedger.ExitCode);
        Assert.Contains("ledger file not found: missing.db", missingLedger.Stderr);
        Assert.All([unknownHash, tooEarly, neverPublished, malformed, noLedger, missingLedger], r => Assert.Empty(r.Stdout));
    }

    [Fact]
    public async Task The_population_is_one_of_a_team_file_and_a_recorded_period_and_a_recorded_period_needs_records()
    {
        await RecordAsync("2026-Q2", ("E1", 80, "q2-e1", null));
        CliResult Diff(params string[] more) => _workspace.Run(["diff", "policies/grades/等级.policy", "next/等级.policy", .. more]);

        var neither = Diff();
        var both = Diff("--team", "team.csv", "--recorded-period", "2026-Q2", "--ledger", "ledger.db", "--policy-id", Id);
        var noLedger = Diff("--recorded-period", "2026-Q2", "--policy-id", Id);
        var noPolicyId = Diff("--recorded-period", "2026-Q2", "--ledger", "ledger.db");
        var notCanonical = Diff("--recorded-period", "2026-q2", "--ledger", "ledger.db", "--policy-id", Id);
        var otherPeriod = Diff("--recorded-period", "2026-Q2", "--period", "2026-Q3", "--ledger", "ledger.db", "--policy-id", Id);
        var nothingRecorded = Diff("--recorded-period", "2027-Q1", "--ledger", "ledger.db", "--policy-id", Id);

        Assert.Equal(2, neither.ExitCode);
        Assert.Contains("the population is required: --team FILE, or --recorded-period P with --ledger", neither.Stderr);
        Assert.Equal(2, both.ExitCode);
        Assert.Contains("--team and --recorded-period are two populations: give one", both.Stderr);
        Assert.Equal(2, noLedger.ExitCode);
        Assert.Contains("--recorded-period reads the ledger: give --ledger", noLedger.Stderr);
        Assert.Equal(2, noPolicyId.ExitCode);
        Assert.Contains("--recorded-period needs --policy-id (whose records to read): neither version comes from the ledger", noPolicyId.Stderr);
        Assert.Equal(2, notCanonical.ExitCode);
        Assert.Contains("--recorded-period '2026-q2' is not a period in canonical form", notCanonical.Stderr);
        Assert.Equal(2, otherPeriod.ExitCode);
        Assert.Contains("--period 2026-Q3 is not the --recorded-period 2026-Q2", otherPeriod.Stderr);
        Assert.Equal(1, nothingRecorded.ExitCode);
        Assert.Contains($"policy: ledger.db has no records of {Id} for 2027-Q1", nothingRecorded.Stderr);
    }
}
