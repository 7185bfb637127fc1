using Appraisal.Engine;
using Appraisal.Engine.Evaluation;
using Appraisal.Engine.Planning;
using Appraisal.Engine.Values;
using Appraisal.Engine.Versions;
using Appraisal.Impact.Teams;
using Appraisal.Ledger;
using Appraisal.Ledger.Recording;
using Appraisal.Ledger.Replay;
using Appraisal.Policy.Semantics;
using Appraisal.Policy.Text;
using BenchmarkDotNet.Attributes;

namespace Appraisal.Policy.Benchmarks;

/// <summary>
/// Replay throughput (issue 12): a period of 2,000 after-sales decisions recorded on a SQLite ledger (explanations not
/// stored, the default), replayed from the ledger alone — the records read, the version's files checked and planned
/// again from the registry, each record's facts read, evaluated with its explanation and compared output by output —
/// and the same records given their explanations back for a reader. The baseline, in the same run: the same 2,000
/// fact sets, already read, evaluated with the explanation on the tree (the evaluation replay cannot avoid).
/// </summary>
[MemoryDiagnoser]
public class ReplayBenchmarks
{
    public const int Records = 2_000;
    private const string Period = "2026-03";

    private string _directory = null!;
    private ILedger _ledger = null!;
    private PolicyPlan _plan = null!;
    private List<Value[]> _facts = null!;
    private IReadOnlyList<LedgerRecord> _records = null!;

    [GlobalSetup]
    public void Setup() => SetupAsync().GetAwaiter().GetResult();

    private async Task SetupAsync()
    {
        var root = Path.Combine(AfterSalesBenchmarks.RepositoryRoot(), "policies");
        const string id = "after-sales/售后客服考核";
        var check = PolicyPipeline.Check(new SourceText(id + ".policy", File.ReadAllText(Path.Combine(root, id + ".policy"))), new IncludeReader(root));
        _plan = PolicyPipeline.Plan(check).Plan!;
        var policy = new ServedPolicy(id, PolicyHash.Of(check), _plan, PolicySource.From(check, id));

        _directory = Path.Combine(Path.GetTempPath(), $"replay-bench-{Environment.ProcessId}");
        Directory.CreateDirectory(_directory);
        _ledger = await LedgerFactory.OpenAsync(new LedgerOptions { DataDirectory = _directory }, _directory);
        var team = Path.Combine(_directory, "team.csv");
        TeamGenerator.AfterSales(team, Records, seed: 11);
        var appraiser = new Appraiser(_ledger, TimeProvider.System);
        _facts = [];
        using (var file = TeamFile.Open(team, _plan.Inputs).File!)
        {
            foreach (var member in file.Members())
            {
                _facts.Add(member.Read(_plan.Inputs).Facts!);
                var recorded = await appraiser.EvaluateAsync(new EvaluationCall
                {
                    Policy = policy, SubjectId = member.Id, Period = PeriodValue.TryParse(Period, out var p) ? p : null,
                    FactsJson = member.Facts.ToString(Newtonsoft.Json.Formatting.None), Record = true, RequestId = member.Id + "-" + Period,
                });
                if (recorded.Failure is { } failure) throw new InvalidOperationException($"recording {member.Id} failed: {failure}");
            }
        }
        _records = await _ledger.AuditAsync(new AuditQuery { Period = Period, Limit = Records });
        var summary = await new Replayer(_ledger).ReplayAllAsync(new ReplaySelection { Period = Period });
        if (summary.Outcomes.Count != Records || !summary.AllIdentical) throw new InvalidOperationException("the recorded period does not replay identically");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _ledger.DisposeAsync().AsTask().GetAwaiter().GetResult();
        Directory.Delete(_directory, recursive: true);
    }

    [Benchmark(Baseline = true, Description = "2,000 fact sets evaluated with explanation (tree), no ledger")]
    public int Evaluate()
    {
        var n = 0;
        var options = new EvaluationOptions { Explain = true, Period = PeriodValue.TryParse(Period, out var p) ? p : null };
        foreach (var facts in _facts) n += Evaluator.Evaluate(_plan, facts, options).Outputs.Count;
        return n;
    }

    [Benchmark(Description = "replay the period: 2,000 records from the ledger, compared")]
    public async Task<int> ReplayPeriod() =>
        (await new Replayer(_ledger).ReplayAllAsync(new ReplaySelection { Period = Period })).Count(ReplayStatus.Identical);

    [Benchmark(Description = "regenerate 2,000 records' explanations for a reader")]
    public async Task<int> RegenerateExplanations() =>
        (await new Replayer(_ledger).WithExplanationsAsync(_records)).Count(r => r.ExplanationRegenerated);
}
