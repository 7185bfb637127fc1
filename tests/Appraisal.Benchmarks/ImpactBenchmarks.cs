using Appraisal.Engine;
using Appraisal.Engine.Compilation;
using Appraisal.Engine.Evaluation;
using Appraisal.Engine.Planning;
using Appraisal.Engine.Values;
using Appraisal.Impact.Diff;
using Appraisal.Impact.Teams;
using Appraisal.Policy.Semantics;
using Appraisal.Policy.Text;
using BenchmarkDotNet.Attributes;

namespace Appraisal.Policy.Benchmarks;

/// <summary>
/// <c>policy diff</c>'s core over 100,000 subjects of the after-sales policy (the KPI pool and the best refund band
/// changed), streamed from a generated CSV file, against a baseline in the same run: evaluating the same 100,000 fact
/// sets, already read, under both versions on the compiled tier (no file, no fact reading, no comparison). Between them:
/// reading the file alone (CSV → facts for both versions). Both tiers are compiled before measuring.
/// </summary>
[MemoryDiagnoser]
public class ImpactBenchmarks
{
    public const int Subjects = 100_000;

    private string _team = "";
    private DiffVersion _old = null!, _new = null!;
    private TieredEvaluator _oldTier = null!, _newTier = null!;
    private List<Value[]> _oldFacts = null!, _newFacts = null!;

    [GlobalSetup]
    public void Setup()
    {
        _team = Path.Combine(Path.GetTempPath(), $"impact-bench-{Environment.ProcessId}.csv");
        TeamGenerator.AfterSales(_team, Subjects, seed: 2026);
        var path = Path.Combine(AfterSalesBenchmarks.RepositoryRoot(), "policies", "after-sales", "售后客服考核.policy");
        var text = File.ReadAllText(path);
        var changed = text.Replace("param KPI总奖金: money = 1000 yuan", "param KPI总奖金: money = 1200 yuan", StringComparison.Ordinal)
            .Replace("<= 5%  => 30", "<= 6%  => 30", StringComparison.Ordinal);
        if (changed == text) throw new InvalidOperationException("the after-sales policy no longer has the lines the benchmark changes");
        var oldPlan = PolicyPipeline.Load(new SourceText(path, text), new IncludeReader()).Plan!;
        var newPlan = PolicyPipeline.Load(new SourceText(path, changed), new IncludeReader()).Plan!;
        _oldTier = PolicyPipeline.Tier(oldPlan);
        _newTier = PolicyPipeline.Tier(newPlan);
        if (!_oldTier.WhenCompiledAsync().GetAwaiter().GetResult() || !_newTier.WhenCompiledAsync().GetAwaiter().GetResult())
            throw new InvalidOperationException("the compiled tier is not ready");
        _old = new DiffVersion("old", oldPlan) { Evaluator = _oldTier };
        _new = new DiffVersion("new", newPlan) { Evaluator = _newTier };
        (_oldFacts, _newFacts) = ReadAll();
        var report = Diff();
        if (report.Summary.Subjects != Subjects || report.Summary.Changed == 0) throw new InvalidOperationException("the diff did not compare the team");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        File.Delete(_team);
        _oldTier.Dispose();
        _newTier.Dispose();
    }

    private (List<Value[]>, List<Value[]>) ReadAll()
    {
        var old = new List<Value[]>(Subjects);
        var @new = new List<Value[]>(Subjects);
        using var team = TeamFile.Open(_team, [_old.Plan.Inputs, _new.Plan.Inputs]).File!;
        foreach (var member in team.Members())
        {
            old.Add(member.Read(_old.Plan.Inputs).Facts!);
            @new.Add(member.Read(_new.Plan.Inputs).Facts!);
        }
        return (old, @new);
    }

    [Benchmark(Baseline = true, Description = "evaluate 100,000 × 2 versions (facts already read, compiled)")]
    public decimal EvaluateOnly()
    {
        var total = 0m;
        for (var i = 0; i < _oldFacts.Count; i++)
        {
            total += _oldTier.Evaluate(_oldFacts[i])["工资"].AsNumber;
            total += _newTier.Evaluate(_newFacts[i])["工资"].AsNumber;
        }
        return total;
    }

    [Benchmark(Description = "read the CSV: 100,000 rows → facts for both versions")]
    public int ReadOnly() => ReadAll().Item1.Count;

    [Benchmark(Description = "diff 100,000 streamed from the CSV")]
    public DiffReport Diff() => PolicyDiff.Run(_old, _new, Members()).Report!;

    private IEnumerable<TeamMember> Members()
    {
        using var team = TeamFile.Open(_team, [_old.Plan.Inputs, _new.Plan.Inputs]).File!;
        foreach (var member in team.Members()) yield return member;
    }
}
