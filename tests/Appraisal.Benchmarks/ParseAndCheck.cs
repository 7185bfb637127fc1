using Appraisal.Policy.Semantics;
using Appraisal.Policy.Text;
using BenchmarkDotNet.Attributes;

namespace Appraisal.Policy.Benchmarks;

/// <summary>The whole front end (<see cref="Checker.Check"/>) on a generated policy of N rules.</summary>
/// <remarks>
/// A fixed, shortish job (1 launch, 3 warm-ups, 10 iterations) keeps a run of all three sizes to about two
/// minutes; BenchmarkDotNet's default job takes far longer on 10,000 rules. Override it with <c>--job</c>.
/// </remarks>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 10)]
public class ParseAndCheck
{
    private SourceText _source = null!;

    [Params(100, 1000, 10000)]
    public int Rules { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _source = new SourceText($"generated-{Rules}.policy", PolicyGenerator.Generate(Rules));
        var result = Checker.Check(_source);
        if (result.HasErrors)
        {
            throw new InvalidOperationException($"the generated policy has errors: {result.Diagnostics[0].Span} {result.Diagnostics[0].Message()}");
        }
    }

    [Benchmark]
    public CheckedPolicy Check() => Checker.Check(_source);
}
