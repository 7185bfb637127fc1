using Appraisal.Engine;
using Appraisal.Engine.Compilation;
using Appraisal.Engine.Planning;
using Appraisal.Policy.Semantics;
using Appraisal.Policy.Text;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Jobs;

namespace Appraisal.Policy.Benchmarks;

/// <summary>
/// From policy text to a ready compiled tier: check, plan, then generate C# and compile it with Roslyn. Measured in a
/// warm process (Roslyn already loaded and jitted); the first compile in a fresh process costs more (see
/// src/Appraisal.Engine/Compilation/README.md), which is why the tree evaluator serves until the compiled tier is ready.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RuntimeMoniker.Net10_0, launchCount: 1, warmupCount: 2, iterationCount: 8)]
public class CompileTierBenchmarks
{
    private SourceText _source = null!;
    private PolicyPlan _plan = null!;

    [GlobalSetup]
    public void Setup()
    {
        var path = Path.Combine(AfterSalesBenchmarks.RepositoryRoot(), "policies", "after-sales", "售后客服考核.policy");
        _source = SourceText.FromFile(path);
        _plan = PolicyPipeline.Load(_source, IncludeReader.None).Plan!;
        CompiledPolicy.Compile(_plan).Dispose(); // load and jit Roslyn once
    }

    [Benchmark(Baseline = true, Description = "check + plan (tree evaluator ready)")]
    public PolicyPlan CheckAndPlan() => PolicyPipeline.Load(_source, IncludeReader.None).Plan!;

    [Benchmark(Description = "generate + compile (compiled tier ready)")]
    public void Compile() => CompiledPolicy.Compile(_plan).Dispose();
}
