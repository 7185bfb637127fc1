using Appraisal.Engine;
using Appraisal.Engine.Evaluation;
using Appraisal.Engine.Facts;
using Appraisal.Engine.Planning;
using Appraisal.Engine.Testing;
using Appraisal.Engine.Values;
using Appraisal.Engine.Versions;
using Appraisal.Ledger.Recording;
using Appraisal.Ledger.Replay;
using Appraisal.Policy.Diagnostics;
using Appraisal.Policy.Semantics;
using Appraisal.Policy.Syntax;
using Appraisal.Policy.Text;

namespace Appraisal.Ledger.Tests;

/// <summary>
/// Exact replay, the same on every store: every decision recorded through the core is evaluated again from the version,
/// facts and earlier periods the ledger kept, and must come out the same; an engine made to differ is caught.
/// </summary>
public abstract partial class LedgerContract
{
    private static readonly TimeProvider Clock = TimeProvider.System;

    private static PeriodValue Quarter(string text) => PeriodValue.TryParse(text, out var period) ? period : throw new ArgumentException(text);

    /// <summary>Every policy in policies/, as the service serves it (id = path under the folder), with its plan.</summary>
    private static IEnumerable<(ServedPolicy Policy, PolicyPlan Plan)> RepositoryPolicies()
    {
        foreach (var file in Directory.EnumerateFiles(RepositoryPaths.Policies, "*.policy", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var relative = Path.GetRelativePath(RepositoryPaths.Policies, file).Replace('\\', '/');
            var check = PolicyPipeline.Check(new SourceText(relative, File.ReadAllText(file)), new IncludeReader(RepositoryPaths.Policies));
            if (check.File.Kind == FileKind.Library) continue;
            Assert.False(check.HasErrors, relative);
            var id = relative[..^".policy".Length];
            var plan = PolicyPipeline.Plan(check).Plan!;
            yield return (new ServedPolicy(id, PolicyHash.Of(check), plan, PolicySource.From(check, id)) { SourcePath = file }, plan);
        }
    }

    /// <summary>
    /// Records, through the core, one decision per <c>given</c> of every test of every policy (a test of several givens as
    /// one group), each under its test's period; a test with earlier periods in its text is recorded with the ledger's
    /// history instead. Returns how many records were written.
    /// </summary>
    private async Task<int> RecordEveryPolicyTestAsync(bool storeExplanations = true)
    {
        var appraiser = new Appraiser(Ledger, Clock) { StoreExplanations = storeExplanations };
        var written = 0;
        var n = 0;
        foreach (var (policy, plan) in RepositoryPolicies())
        {
            foreach (var test in PolicyTestRunner.Tests(plan))
            {
                var (members, period) = PolicyTestRunner.Givens(plan, test);
                if (period is null || members.Count == 0) continue;
                n++;
                if (members.Count == 1)
                {
                    var result = await appraiser.EvaluateAsync(new EvaluationCall
                    {
                        Policy = policy, SubjectId = $"S{n}", Period = period, FactsJson = CanonicalFacts.Write(plan.Inputs, members[0]),
                        Record = true, RequestId = $"t{n}", Language = n % 2 == 0 ? Language.Zh : Language.En,
                    });
                    if (result.Failure is Failure.EvaluationFailed or Failure.FactsRejected) continue; // a test that expects a fault or a rejection
                    Assert.Null(result.Failure);
                    written++;
                }
                else
                {
                    var group = string.Join(",", members.Select((facts, i) => $"\"M{n}-{i}\": {CanonicalFacts.Write(plan.Inputs, facts)}"));
                    var result = await appraiser.EvaluateGroupAsync(new GroupCall
                    {
                        Policy = policy, Period = period, MembersJson = "{" + group + "}", Record = true, RequestId = $"g{n}",
                    });
                    if (result.Failure is Failure.EvaluationFailed or Failure.FactsRejected) continue;
                    Assert.Null(result.Failure);
                    written += members.Count;
                }
            }
        }
        return written;
    }

    [Fact]
    public async Task Every_decision_recorded_from_every_policy_test_replays_identically_from_the_registry_alone()
    {
        var written = await RecordEveryPolicyTestAsync();
        var all = await Ledger.AuditAsync(new AuditQuery { Limit = 100_000 });
        Assert.Equal(written, all.Count);
        Assert.True(written > 40, $"only {written} records");
        Assert.Contains(all, r => r.GroupId is not null);
        Assert.All(all, r => Assert.Equal((EngineVersion.Current, "served"), (r.EngineVersion, r.VersionBasis)));

        var replayer = new Replayer(Ledger);
        var outcomes = new List<ReplayOutcome>();
        foreach (var policyId in all.Select(r => r.PolicyId).Distinct())
            outcomes.AddRange((await replayer.ReplayAllAsync(new ReplaySelection { PolicyId = policyId })).Outcomes);

        Assert.Equal(all.Select(r => r.RequestId).Order(), outcomes.Select(o => o.Record.RequestId).Order());
        Assert.All(outcomes, o => Assert.True(o.Status == ReplayStatus.Identical,
            $"{o.Record.RequestId} ({o.Record.PolicyId}): {o.Status} {o.Reason} {string.Join("; ", o.Differences)}"));
        // The explanation is regenerated: the same text as the one stored at write time.
        Assert.All(outcomes, o => Assert.Equal(o.Record.ExplanationText,
            ExplanationText.Render(o.Outcome!, o.Record.Language == "zh" ? Language.Zh : Language.En)));

        // And what a reader gets for a record whose explanation was not stored is what storing it would have kept, text and data.
        var bare = all.Select(r => r with { ExplanationText = null, ExplanationJson = null }).ToList();
        var regenerated = await replayer.WithExplanationsAsync(bare);
        Assert.All(all.Zip(regenerated), pair =>
        {
            Assert.True(pair.Second.ExplanationRegenerated);
            Assert.Equal((pair.First.ExplanationText, pair.First.ExplanationJson), (pair.Second.ExplanationText, pair.Second.ExplanationJson));
        });
        Assert.Same(all, await replayer.WithExplanationsAsync(all)); // stored ones are read as they are
    }

    [Fact]
    public async Task Without_stored_explanations_records_keep_none_and_a_retry_or_a_reader_gets_them_regenerated()
    {
        var written = await RecordEveryPolicyTestAsync(storeExplanations: false);
        var all = await Ledger.AuditAsync(new AuditQuery { Limit = 100_000 });
        Assert.Equal(written, all.Count);
        Assert.All(all, r => Assert.Equal((null, null), (r.ExplanationText, r.ExplanationJson)));

        var explained = await new Appraiser(Ledger, Clock).WithExplanationsAsync(all);
        Assert.All(explained, r => Assert.True(r.ExplanationRegenerated && r.ExplanationText!.Length > 0 && r.ExplanationJson!.StartsWith('{'),
            $"{r.RequestId}: {r.ExplanationText}"));

        // A retry asking for the explanation gets it regenerated, in the recorded language; one asking for none gets none.
        var first = all.First(r => r.GroupId is null && r.RequestId == "t1");
        var policy = RepositoryPolicies().First(p => p.Policy.Id == first.PolicyId).Policy;
        var call = new EvaluationCall
        {
            Policy = policy, SubjectId = first.SubjectId, Period = PeriodValue.TryParse(first.Period, out var period) ? period : null, FactsJson = first.FactsJson!, Record = true,
            RequestId = first.RequestId, Language = Language.En, Explanation = ExplanationDetail.Full,
        };
        var retry = (await new Appraiser(Ledger, Clock).EvaluateAsync(call)).Value!;
        Assert.True(retry.Replayed);
        Assert.Equal(explained.First(r => r.RequestId == "t1").ExplanationText, retry.ExplanationText);
        Assert.NotEmpty(retry.ExplanationJson);
        var quiet = (await new Appraiser(Ledger, Clock).EvaluateAsync(call with { Explanation = ExplanationDetail.None })).Value!;
        Assert.Equal(("", ""), (quiet.ExplanationText, quiet.ExplanationJson));
    }

    [Fact]
    public async Task A_subject_recorded_quarter_after_quarter_replays_each_quarter_with_the_earlier_periods_it_read_then()
    {
        var (policy, _) = RepositoryPolicies().Single(p => p.Policy.Id == "quarterly-pay/季度绩效工资");
        var appraiser = new Appraiser(Ledger, Clock);
        string Facts(bool met) => $$"""{"全额工资": "10000", "指标一达成": {{(met ? "true" : "false")}}, "指标二达成": false, "月度评定": ["合格", "合格", "合格"]}""";
        foreach (var (quarter, i) in new[] { "2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4" }.Select((q, i) => (q, i)))
        {
            var result = await appraiser.EvaluateAsync(new EvaluationCall
            {
                Policy = policy, SubjectId = "E001", Period = Quarter(quarter), FactsJson = Facts(met: false), Record = true, RequestId = $"q{i}",
            });
            Assert.Null(result.Failure);
        }
        // A correction of Q1 afterwards: a new revision, which Q2's record did not read.
        Assert.Null((await appraiser.EvaluateAsync(new EvaluationCall
        {
            Policy = policy, SubjectId = "E001", Period = Quarter("2026-Q1"), FactsJson = Facts(met: true), Record = true, RequestId = "q0-fix",
        })).Failure);

        var summary = await new Replayer(Ledger).ReplayAllAsync(new ReplaySelection { SubjectId = "E001" });

        Assert.Equal(5, summary.Outcomes.Count);
        Assert.True(summary.AllIdentical, string.Join("\n", summary.Outcomes.Select(o => $"{o.Record.RequestId} {o.Status} {o.Reason} {string.Join("; ", o.Differences)}")));
        var q4 = (await Ledger.FindAsync("q3"))!;
        Assert.Equal("ledger", q4.HistorySource);
        Assert.Contains("2026-Q3", q4.EarlierJson);
        Assert.Contains("\"绩效比例\":\"0.25\"", q4.OutputsJson); // 10 % + 5 % for each quarter missed before: 25 % by Q4
    }

    [Fact]
    public async Task Earlier_periods_given_in_the_request_are_kept_and_replayed()
    {
        var (policy, _) = RepositoryPolicies().Single(p => p.Policy.Id == "quarterly-pay/季度绩效工资");
        var result = await new Appraiser(Ledger, Clock).EvaluateAsync(new EvaluationCall
        {
            Policy = policy, SubjectId = "E002", Period = Quarter("2026-Q2"), Record = true, RequestId = "given",
            FactsJson = """{"全额工资": "10000", "指标一达成": true, "指标二达成": false, "月度评定": ["优秀", "合格", "合格"]}""",
            EarlierPeriods = [new GivenPeriod("2026-Q1", """{"双指标未达成": true}""")],
        });
        Assert.Null(result.Failure);

        var replayed = (await new Replayer(Ledger).ReplayAsync("given")).Value!;

        Assert.Equal(ReplayStatus.Identical, replayed.Status);
        Assert.Equal("request", replayed.Record.HistorySource);
        Assert.Contains("1530.00", replayed.Record.OutputsJson); // 15 %, plus 2 % for one excellent month
    }

    [Fact]
    public async Task Replay_reports_every_output_that_differs_when_the_engine_is_made_to_differ()
    {
        await RecordEveryPolicyTestAsync();
        // An engine whose every number comes out one cent higher, in one tier and in groups.
        static Outcome Off(Outcome outcome) => outcome with
        {
            Outputs = outcome.Outputs.Select(o => o.Value.Kind == ValueKind.Number ? o with { Value = Value.Of(o.Value.AsNumber + 0.01m) } : o).ToList(),
        };
        var planted = new ReplayEngine(
            (plan, facts, options) => Off(Evaluator.Evaluate(plan, facts, options)),
            (plan, members, options, histories) => Evaluator.EvaluateGroup(plan, members, options, default, histories).Select(Off).ToList());

        var outcome = (await new Replayer(Ledger, planted).ReplayAsync("t1")).Value!;
        var summary = await new Replayer(Ledger, planted).ReplayAllAsync(new ReplaySelection { PolicyId = "after-sales/售后客服考核" });

        Assert.Equal(ReplayStatus.Different, outcome.Status);
        var recorded = Newtonsoft.Json.Linq.JObject.Parse(outcome.Record.OutputsJson);
        var numbers = recorded.Properties().Where(p => decimal.TryParse((string?)p.Value, System.Globalization.CultureInfo.InvariantCulture, out _)).ToList();
        Assert.Equal(numbers.Select(p => p.Name), outcome.Differences.Select(d => d.Name));
        Assert.All(outcome.Differences, d => Assert.Equal(decimal.Parse(d.Recorded!, System.Globalization.CultureInfo.InvariantCulture) + 0.01m,
            decimal.Parse(d.Replayed!, System.Globalization.CultureInfo.InvariantCulture)));
        Assert.NotEmpty(summary.Outcomes);
        Assert.All(summary.Outcomes, o => Assert.Equal(ReplayStatus.Different, o.Status));
    }

    [Fact]
    public async Task A_record_whose_facts_were_erased_or_whose_version_was_never_kept_says_so()
    {
        var (policy, plan) = RepositoryPolicies().Single(p => p.Policy.Id == "after-sales/售后客服考核");
        var test = PolicyTestRunner.Tests(plan)[0];
        var (members, period) = PolicyTestRunner.Givens(plan, test);
        Assert.Null((await new Appraiser(Ledger, Clock).EvaluateAsync(new EvaluationCall
        {
            Policy = policy, SubjectId = "old", Period = period, FactsJson = CanonicalFacts.Write(plan.Inputs, members[0]), Record = true, RequestId = "old",
        })).Failure);
        await Ledger.AppendAsync(Record("unkept")); // a record of a version the registry never kept (as before it kept them)
        await Ledger.ApplyRetentionAsync(new RetentionPolicy(TimeSpan.FromDays(1), null), DateTimeOffset.UtcNow.AddDays(2));

        var replayer = new Replayer(Ledger);
        var erased = (await replayer.ReplayAsync("old")).Value!;
        var missing = await replayer.ReplayAsync("no-such-request");

        Assert.Equal(ReplayStatus.FactsErased, erased.Status);
        Assert.Contains("erased by retention on", erased.Reason);
        Assert.IsType<Failure.RecordNotFound>(missing.Failure);

        await Ledger.AppendAsync(Record("unkept-2", subject: "emp-2") with { RecordedAt = DateTimeOffset.UtcNow.AddDays(3) });
        var unkept = await replayer.ReplayAsync((await Ledger.FindAsync("unkept-2"))!);
        Assert.Equal(ReplayStatus.VersionNotKept, unkept.Status);
        Assert.Contains("keeps no version sha256:0123456789abcdef of quarterly-pay/季度绩效工资", unkept.Reason);
    }
}
