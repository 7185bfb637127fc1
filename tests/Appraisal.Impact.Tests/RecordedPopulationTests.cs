using Appraisal.Cli.Tests;
using Appraisal.Engine;
using Appraisal.Engine.Values;
using Appraisal.Impact.Diff;
using Appraisal.Impact.Recorded;
using Appraisal.Impact.Teams;
using Appraisal.Ledger;
using Appraisal.Ledger.Registry;
using Appraisal.Policy.Diagnostics;
using Newtonsoft.Json.Linq;
using Shouldly;

namespace Appraisal.Impact.Tests;

/// <summary>
/// The library the command line and the service share for comparing over the ledger: <see cref="LedgerReference"/> and
/// <see cref="LedgerVersions"/> (versions from the registry), <see cref="RecordedPopulation"/> (the facts recorded for a
/// period, the latest revision of each subject, with the earlier periods each read), and <see cref="PolicyDiff"/> with
/// each member's own earlier periods.
/// </summary>
public sealed class RecordedPopulationTests : IDisposable
{
    private const string QuarterPay = Policies.QuarterlyPay;

    /// <summary>The quarterly escalation with a rank over the group (a population rule: the group is evaluated together).</summary>
    private const string RankedPay = QuarterPay + """

        rank 排名 by 绩效工资 desc
        output 名次: count = 排名
        """;

    private const string Id = "grades/等级";

    private readonly string _folder = Directory.CreateTempSubdirectory("impact-recorded-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Ledger => Path.Combine(_folder, "ledger.db");

    private string WritePolicy(string name, string text)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllText(path, text);
        return path;
    }

    private static PeriodValue Period(string text) => PeriodValue.TryParse(text, out var period) ? period : throw new ArgumentException(text);

    private static string Score(int score) => $$"""{ "得分": {{score}} }""";

    private static async Task<Publication> PublishAsync(ILedger ledger, string path, string effective)
    {
        var check = PolicyPipeline.LoadFile(path).Checked;
        var published = await Publisher.PublishAsync(ledger, new Publisher.Request(Id, check, path, DateOnly.Parse(effective), "hr", ""), DateTimeOffset.UtcNow);
        return published.Value ?? throw new InvalidOperationException(published.Failure!.ToString());
    }

    [Theory]
    [InlineData("ledger:grades/等级", "grades/等级", null, null)]
    [InlineData("ledger:grades/等级@0123456789ABCDEF", "grades/等级", "0123456789abcdef", null)]
    [InlineData("ledger:after-sales/售后客服考核@2026-04-01", "after-sales/售后客服考核", null, "2026-04-01")]
    public void A_reference_names_a_policy_and_a_hash_a_day_or_neither(string text, string policyId, string? version, string? day)
    {
        var (reference, error) = LedgerReference.Parse(text);

        error.ShouldBeNull();
        reference.ShouldBe(new LedgerReference(policyId, version, day is null ? null : DateOnly.Parse(day)));
        LedgerReference.Parse(reference!.ToString()).Reference.ShouldBe(reference, "it reads back as it writes");
    }

    [Theory]
    [InlineData("ledger:", "ledger:: no policy id after 'ledger:'")]
    [InlineData("ledger:@2026-04-01", "ledger:@2026-04-01: no policy id after 'ledger:'")]
    [InlineData("ledger:grades/等级@2026-4-1", "ledger:grades/等级@2026-4-1: after '@' a version hash (16 hex digits) or a date such as 2026-04-01, found \"2026-4-1\"")]
    [InlineData("ledger:grades/等级@0123abcd", "ledger:grades/等级@0123abcd: after '@' a version hash (16 hex digits) or a date such as 2026-04-01, found \"0123abcd\"")]
    [InlineData("grades/等级.policy", "'grades/等级.policy' is not a ledger reference")]
    public void A_malformed_reference_is_refused_naming_it(string text, string message)
    {
        var (reference, error) = LedgerReference.Parse(text);

        reference.ShouldBeNull();
        error!.En.ShouldStartWith(message);
    }

    [Fact]
    public async Task A_reference_resolves_to_the_kept_version_by_hash_or_the_publication_in_force_on_the_day()
    {
        await using var ledger = await SqliteLedger.OpenAsync(Ledger);
        var first = await PublishAsync(ledger, WritePolicy("v1.policy", Policies.Grades), "2026-01-01");
        var second = await PublishAsync(ledger, WritePolicy("v2.policy", Policies.Grades.Replace("* 10 yuan", "* 12 yuan").Replace("800.00", "960.00")), "2026-07-01");
        var today = new DateOnly(2026, 8, 15);

        var byHash = await LedgerVersions.ResolveAsync(ledger, $"ledger:{Id}@{first.Version}", today);
        var byDay = await LedgerVersions.ResolveAsync(ledger, $"ledger:{Id}@2026-06-30", today);
        var inForceToday = await LedgerVersions.ResolveAsync(ledger, $"ledger:{Id}", today);

        byHash.Status.ShouldBe(VersionLookupStatus.Found);
        (byHash.Version!.Hash, byHash.Version.Source!.PublicationId, byHash.Version.Label).ShouldBe((first.Version, (long?)null, $"ledger:{Id}@{first.Version}"));
        (byDay.Version!.Hash, byDay.Version.Source!.PublicationId, byDay.Version.Source.EffectiveFrom).ShouldBe((first.Version, (long?)first.Id, (DateOnly?)first.EffectiveFrom));
        (inForceToday.Version!.Hash, inForceToday.Version.Source!.PublicationId, inForceToday.Version.Source.Day).ShouldBe((second.Version, (long?)second.Id, (DateOnly?)today));
        inForceToday.Version.Plan.Outputs.Single().Name.ShouldBe("奖金");
    }

    [Fact]
    public async Task A_reference_that_names_nothing_says_why()
    {
        await using var ledger = await SqliteLedger.OpenAsync(Ledger);
        await PublishAsync(ledger, WritePolicy("v1.policy", Policies.Grades), "2026-01-01");
        var today = new DateOnly(2026, 8, 15);

        var notKept = await LedgerVersions.ResolveAsync(ledger, $"ledger:{Id}@ffffffffffffffff", today);
        var tooEarly = await LedgerVersions.ResolveAsync(ledger, $"ledger:{Id}@2025-12-31", today);
        var never = await LedgerVersions.ResolveAsync(ledger, "ledger:other/别的", today);
        var malformed = await LedgerVersions.ResolveAsync(ledger, "ledger:", today);

        (notKept.Status, tooEarly.Status, never.Status, malformed.Status)
            .ShouldBe((VersionLookupStatus.NotKept, VersionLookupStatus.NotInForce, VersionLookupStatus.NotInForce, VersionLookupStatus.Malformed));
        notKept.Problem!.En.ShouldBe($"ledger:{Id}@ffffffffffffffff: the ledger's registry keeps no version ffffffffffffffff of {Id}");
        tooEarly.Problem!.Zh.ShouldBe($"ledger:{Id}@2025-12-31：2025-12-31 没有生效的 {Id} 版本（最早的发布自 2026-01-01 起生效）");
        never.Problem!.En.ShouldBe("ledger:other/别的: other/别的 has never been published, so no version is in force on 2026-08-15");
        new[] { notKept, tooEarly, never, malformed }.ShouldAllBe(l => l.Version == null);
    }

    [Fact]
    public async Task The_population_is_the_latest_revision_of_each_subject_of_that_policy_and_period_ordered_by_subject()
    {
        var policy = WritePolicy("等级.policy", Policies.Grades);
        await using (var ledger = await RecordedLedger.OpenAsync(Ledger))
        {
            await ledger.RecordAsync(policy, Id, "E2", "2026-Q2", Score(70), "q2-e2");
            await ledger.RecordAsync(policy, Id, "E1", "2026-Q2", Score(80), "q2-e1");
            await ledger.RecordAsync(policy, Id, "E2", "2026-Q2", Score(90), "q2-e2-again");
            await ledger.RecordAsync(policy, Id, "E3", "2026-Q1", Score(60), "q1-e3"); // another period
            await ledger.RecordAsync(policy, "other/别的", "E4", "2026-Q2", Score(60), "q2-e4"); // another policy
        }
        await using var reader = await SqliteLedger.OpenExistingAsync(Ledger);

        var (population, problem) = await RecordedPopulation.ReadAsync(reader, Id, Period("2026-Q2"));

        problem.ShouldBeNull();
        population!.Members.Select(m => (m.Id, Score: (int)m.Facts["得分"]!)).ShouldBe([("E1", 80), ("E2", 90)]);
        (population.Source.Records, population.Source.Subjects, population.Source.SkippedCount).ShouldBe((3, 2, 0));
        population.Source.Describe().En.ShouldBe($"the ledger's records of {Id} for 2026-Q2: 3 record(s), the latest revision of 2 subject(s)");
        population.Members.ShouldAllBe(m => m.Row == null && m.Errors.Count == 0);
    }

    [Fact]
    public async Task A_record_that_read_earlier_periods_it_did_not_keep_is_skipped_only_when_earlier_periods_matter()
    {
        var policy = WritePolicy("等级.policy", Policies.Grades);
        await using (var ledger = await RecordedLedger.OpenAsync(Ledger))
        {
            var kept = await ledger.RecordAsync(policy, Id, "E1", "2026-Q2", Score(80), "q2-e1");
            // As written before the ledger kept the earlier periods an evaluation read.
            await ledger.Ledger.AppendAsync(kept with { RequestId = "legacy", SubjectId = "E0", HistorySource = "ledger", EarlierJson = null, RequestHash = "legacy" });
        }
        await using var reader = await SqliteLedger.OpenExistingAsync(Ledger);

        var (withHistory, _) = await RecordedPopulation.ReadAsync(reader, Id, Period("2026-Q2"));
        var (without, _) = await RecordedPopulation.ReadAsync(reader, Id, Period("2026-Q2"), new RecordedPopulationOptions { EarlierPeriods = false });

        withHistory!.Members.Select(m => m.Id).ShouldBe(["E1"]);
        var skipped = withHistory.Source.Skipped.ShouldHaveSingleItem();
        (skipped.Reason, skipped.Count, skipped.Examples.Single()).ShouldBe((SkippedRecords.EarlierPeriodsNotKept, 1, "E0"));
        without!.Members.Select(m => m.Id).ShouldBe(["E0", "E1"]);
    }

    [Fact]
    public async Task More_records_than_a_comparison_reads_are_refused_rather_than_cut_short()
    {
        var policy = WritePolicy("等级.policy", Policies.Grades);
        await using (var ledger = await RecordedLedger.OpenAsync(Ledger))
        {
            foreach (var subject in new[] { "E1", "E2", "E3" }) await ledger.RecordAsync(policy, Id, subject, "2026-Q2", Score(80), "q2-" + subject);
        }
        await using var reader = await SqliteLedger.OpenExistingAsync(Ledger);

        var (population, problem) = await RecordedPopulation.ReadAsync(reader, Id, Period("2026-Q2"), new RecordedPopulationOptions { MaxRecords = 2 });

        population.ShouldBeNull();
        problem!.En.ShouldBe($"{Id} has more than 2 records for 2026-Q2: more than a comparison reads");
    }

    [Fact]
    public void Each_member_is_evaluated_with_its_own_earlier_periods_subject_by_subject_and_as_a_group()
    {
        static DiffVersion Version(string text) => new("季度.policy", TestTeams.Plan("季度.policy", text));
        TeamMember[] Members() =>
        [
            new("E1", JObject.Parse("""{ "工资": "10000" }"""), JObject.Parse("""{ "2026-Q1": { "双未达成": true } }""")),
            new("E2", JObject.Parse("""{ "工资": "10000" }""")),
        ];
        var options = new DiffOptions { Period = Period("2026-Q2") };

        foreach (var (old, @new) in new[] { (Version(QuarterPay), Version(QuarterPay.Replace("step 5%", "step 8%"))),
                     (Version(RankedPay), Version(RankedPay.Replace("step 5%", "step 8%"))) })
        {
            var report = PolicyDiff.Run(old, @new, Members(), options).Report!;

            // E1 missed the target in Q1: 15% before, 18% after; E2 has no earlier period: 10% under both.
            var e1 = report.Subjects.ShouldHaveSingleItem();
            e1.Id.ShouldBe("E1");
            var pay = e1.Changes.Single(c => c.Output.Name == "绩效工资");
            (pay.OldText, pay.NewText, pay.Delta).ShouldBe(("1500.00", "1800.00", 300.00m));
            (report.Summary.Population is not null).ShouldBe(old.Plan.PopulationRules.Any());
        }
    }

    [Fact]
    public void An_earlier_period_a_version_cannot_read_is_the_members_error_naming_the_subject()
    {
        var old = new DiffVersion("old", TestTeams.Plan("季度.policy", RankedPay));
        var @new = new DiffVersion("new", TestTeams.Plan("季度.policy", RankedPay.Replace("step 5%", "step 8%")));
        TeamMember[] members = [new("E1", JObject.Parse("""{ "工资": "10000" }"""), JObject.Parse("""{ "2026-Q1": { "双未达成": "也许" } }"""))];

        var result = PolicyDiff.Run(old, @new, members, new DiffOptions { Period = Period("2026-Q2") });

        result.IsValid.ShouldBeFalse();
        var error = result.Errors.ShouldHaveSingleItem(); // both versions reject it: reported once
        error.SubjectId.ShouldBe("E1");
        error.Format(Language.En).ShouldBe("subject E1: earlier periods, $['2026-Q1'].双未达成: expected true or false, found \"也许\"");
        error.Format(Language.Zh).ShouldStartWith("考核对象 E1：往期结果，");
    }
}
