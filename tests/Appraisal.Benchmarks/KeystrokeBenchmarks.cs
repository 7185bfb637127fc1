using Appraisal.Policy.Editing;
using BenchmarkDotNet.Attributes;

namespace Appraisal.Policy.Benchmarks;

/// <summary>
/// What the language server does on each keystroke: the whole text of a generated policy of N rules sent again with one
/// character changed (full synchronisation), re-checked through <see cref="LanguageService.Change"/>, and its diagnostics
/// read. The target for 1,000 rules is under 50 ms. Beside it, the checker alone (the baseline) and the parser alone on the
/// same text, to show where a keystroke's time goes.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 10)]
public class KeystrokeBenchmarks
{
    private const string Uri = "untitled:keystroke.policy";
    private readonly LanguageService _service = new();
    private string[] _texts = null!;
    private int _version;

    [Params(1000)]
    public int Rules { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var text = PolicyGenerator.Generate(Rules);
        // Two texts differing in one character of a comment at the end, typed alternately.
        _texts = [text + "\n// a", text + "\n// ab"];
        _service.Open(Uri, 0, _texts[0]);
        if (_service.Diagnostics(Uri, Diagnostics.Language.En).Any(d => d.IsError))
            throw new InvalidOperationException("the generated policy has errors");
    }

    /// <summary>The parser alone on the same text: the part of a keystroke that an incremental parse would save.</summary>
    [Benchmark]
    public int ParseOnly()
    {
        _version++;
        return Syntax.Parser.Parse(new Text.SourceText("keystroke.policy", _texts[_version % 2])).File.Declarations.Length;
    }

    /// <summary>The checker alone (parse and every pass) on the same text: what the language service adds is the rest.</summary>
    [Benchmark(Baseline = true)]
    public int CheckOnly()
    {
        _version++;
        return Semantics.Checker.Check(new Text.SourceText("keystroke.policy", _texts[_version % 2])).Diagnostics.Length;
    }

    [Benchmark]
    public int Keystroke()
    {
        _version++;
        _service.Change(Uri, _version, _texts[_version % 2]);
        return _service.Diagnostics(Uri, Diagnostics.Language.En).Length;
    }
}
