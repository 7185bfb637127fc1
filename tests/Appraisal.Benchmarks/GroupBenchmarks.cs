using Appraisal.Engine;
using Appraisal.Engine.Evaluation;
using Appraisal.Engine.Planning;
using Appraisal.Engine.Values;
using Appraisal.Impact.Teams;
using Appraisal.Policy.Semantics;
using Appraisal.Policy.Text;
using BenchmarkDotNet.Attributes;

namespace Appraisal.Policy.Benchmarks;

/// <summary>
/// Group evaluation with a forced distribution (and a rank) over 100,000 members: the satisfaction index
/// (policies/satisfaction-index) evaluated together, facts already read. The baseline, in the same run, is the same
/// policy without its population rules evaluated member by member on the tree (what a group costs beyond its members).
/// </summary>
[MemoryDiagnoser]
public class GroupBenchmarks
{
    public const int Members = 100_000;

    private PolicyPlan _group = null!, _single = null!;
    private List<Value[]> _facts = null!;

    [GlobalSetup]
    public void Setup()
    {
        var path = Path.Combine(AfterSalesBenchmarks.RepositoryRoot(), "policies", "satisfaction-index", "满意度指数.policy");
        var text = File.ReadAllText(path);
        _group = PolicyPipeline.Load(new SourceText(path, text), new IncludeReader()).Plan!;
        // Without its tests (they expect the population outputs), its population rules and the outputs they feed.
        var single = text[..text.IndexOf("\ntest ", StringComparison.Ordinal)];
        single = string.Join("\n", single.Split('\n').Where(l => !l.StartsWith("distribute ", StringComparison.Ordinal) && !l.StartsWith("rank ", StringComparison.Ordinal)
            && !l.StartsWith("output 分布等级", StringComparison.Ordinal) && !l.StartsWith("output 名次", StringComparison.Ordinal)));
        _single = PolicyPipeline.Load(new SourceText(path, single), new IncludeReader()).Plan
                  ?? throw new InvalidOperationException("the policy without its population rules does not check");
        if (_single.PopulationRules.Any()) throw new InvalidOperationException("population rules left in the baseline");
        var team = Path.Combine(Path.GetTempPath(), $"group-bench-{Environment.ProcessId}.csv");
        TeamGenerator.Satisfaction(team, Members, seed: 7);
        _facts = [];
        using (var file = TeamFile.Open(team, _group.Inputs).File!)
            foreach (var member in file.Members()) _facts.Add(member.Read(_group.Inputs).Facts!);
        File.Delete(team);
        var outcomes = Evaluator.EvaluateGroup(_group, _facts);
        if (outcomes.Count(o => o["分布等级"].EnumMember == "优秀") < Members / 10) throw new InvalidOperationException("the distribution did not apply");
    }

    [Benchmark(Baseline = true, Description = "100,000 members one by one, no population rules (tree)")]
    public int OneByOne()
    {
        var n = 0;
        foreach (var facts in _facts) n += Evaluator.Evaluate(_single, facts).Outputs.Count;
        return n;
    }

    [Benchmark(Description = "group of 100,000: forced distribution + rank (tree)")]
    public IReadOnlyList<Outcome> Group() => Evaluator.EvaluateGroup(_group, _facts);
}
