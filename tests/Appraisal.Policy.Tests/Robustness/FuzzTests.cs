using System.Collections;
using System.Collections.Concurrent;
using System.Globalization;
using System.Reflection;
using System.Text;
using Appraisal.Policy.Benchmarks;
using Appraisal.Policy.Diagnostics;
using Appraisal.Policy.Semantics;
using Appraisal.Policy.Syntax;
using Appraisal.Policy.Text;
using Xunit.Abstractions;

namespace Appraisal.Policy.Tests.Robustness;

/// <summary>
/// Whatever the input, <see cref="Checker.Check"/> answers with diagnostics: it never throws, every
/// diagnostic (and every AST node) has a span inside that very source, and every message formats in both
/// languages. The seed is taken from the commit being tested (the first 8 hex digits of <c>git rev-parse HEAD</c>),
/// so every commit is fuzzed with new cases and a run is repeatable on the same commit — CI and a developer see the
/// same cases; outside a git checkout each run takes a random seed. The seed is printed; set <c>FUZZ_SEED</c> to
/// choose one (long campaigns: many seeds, <c>FUZZ_COUNT</c> of 100,000s), <c>FUZZ_COUNT</c> to change the number
/// of cases (default 10,000) and <c>FUZZ_CASE</c> to run one case.
/// A failing case is shrunk before it is reported; turn it into a regression test beside this one.
/// </summary>
public class FuzzTests(ITestOutputHelper output)
{
    private const int DefaultCount = 10_000;

    [Fact]
    public void Any_input_gives_diagnostics_and_nothing_else()
    {
        var seed = FuzzSettings.Seed;
        var count = FuzzSettings.Count(DefaultCount);
        var only = FuzzSettings.Case;
        var corpus = Corpus();
        var fuzzer = new Fuzzer(corpus);
        var reproduce = $"FUZZ_SEED={seed} FUZZ_COUNT={count}";
        output.WriteLine($"{reproduce}; corpus: {corpus.Count} files");
        Console.Error.WriteLine($"FuzzTests: {reproduce}"); // still visible if the test host dies

        var failures = new ConcurrentBag<(int Index, string Description, string Text, string Problem)>();
        var checkedCases = 0;
        var cases = only is { } single ? [single] : Enumerable.Range(0, count);
        Parallel.ForEach(cases, new ParallelOptions { MaxDegreeOfParallelism = System.Environment.ProcessorCount }, (index, loop) =>
        {
            var (description, text) = fuzzer.Case(seed, index);
            if (Problem(text) is { } problem)
            {
                failures.Add((index, description, text, problem));
                if (failures.Count >= 10) loop.Stop();
            }
            Interlocked.Increment(ref checkedCases);
        });
        output.WriteLine($"{checkedCases} cases checked, {failures.Count} failed");
        if (only is null) Assert.True(checkedCases >= Math.Min(count, DefaultCount) || !failures.IsEmpty, $"only {checkedCases} cases ran");
        if (failures.IsEmpty) return;

        var first = failures.MinBy(f => f.Index);
        var minimal = Minimise(first.Text, first.Problem);
        var saved = Path.Combine(Path.GetTempPath(), $"fuzz-{seed}-{first.Index}.policy");
        File.WriteAllText(saved, first.Text, new UTF8Encoding(false, false)); // lone surrogates become U+FFFD here
        Assert.Fail($"""
            {failures.Count} fuzz case(s) failed; the first is case {first.Index} ({reproduce} FUZZ_CASE={first.Index}).
            Problem: {first.Problem}
            Made by: {first.Description}
            Whole input ({first.Text.Length} characters): {saved}
            Shrunk to ({minimal.Length} characters): {Escape(minimal)}
            Other failing cases: {string.Join(", ", failures.Select(f => f.Index).Order().Skip(1))}
            """);
    }

    /// <summary>Shrunk inputs of fuzz failures seen in earlier runs: each once made the checker throw.</summary>
    [Theory]
    [InlineData("policy 满\ninput{}table 级(s:points in 1..0)->t{0=>0 0=>\"\"}output 级:t=级()")] // empty column range: TableCheck indexed an empty atom list
    [InlineData("policy p\nscorecard 核 out of 1 { item 绩 weight 5 max 77777777777777777777777777777 = 1 }\noutput 得: points = 核")] // ScorecardCheck: max × weight overflowed
    [InlineData("policy p\nparam 限: duration = 7777777777777777777777777777天\noutput 时: duration = 限")] // days → hours overflowed in ConstantEvaluator
    public void Earlier_fuzz_failures_give_diagnostics(string text) => Assert.Null(Problem(text));

    [Fact]
    public void The_checks_catch_what_they_are_meant_to_catch()
    {
        // The fuzzer is only as good as Problem(): make sure a bad span or a bad template is noticed.
        var source = new SourceText("t", "policy t\nlet a = (1\n");
        var good = Checker.Check(source).Diagnostics;
        Assert.NotEmpty(good);
        Assert.Null(DiagnosticProblem(source, good[0]));
        Assert.NotNull(DiagnosticProblem(source, good[0] with { Span = new TextSpan(source, 5, source.Text.Length + 1) }));
        Assert.NotNull(DiagnosticProblem(source, good[0] with { Span = new TextSpan(source, 5, 4) }));
        Assert.NotNull(DiagnosticProblem(source, good[0] with { Span = new TextSpan(new SourceText("t", source.Text), 0, 0) }));
        var template = new DiagnosticDescriptor("PL9999", Severity.Error, "{0} and {1}", "{0}");
        Assert.NotNull(DiagnosticProblem(source, new Diagnostic(template, new TextSpan(source, 0, 0), ["one"])));
        Assert.NotNull(SpanProblem(source, new NameExpr(new Name("x", new TextSpan(source, 0, 1)), new TextSpan(source, 3, 99))));
        Assert.Null(SpanProblem(source, Checker.Check(source).File));
    }

    /// <summary>What is wrong with the answer for this text, or null when nothing is.</summary>
    internal static string? Problem(string text)
    {
        var source = new SourceText("fuzz.policy", text);
        CheckedPolicy result;
        try
        {
            result = Checker.Check(source);
        }
        catch (Exception e)
        {
            var frame = new System.Diagnostics.StackTrace(e).GetFrames().FirstOrDefault(f => f.GetMethod() is not null)?.GetMethod();
            return $"{e.GetType().Name} in {frame?.DeclaringType?.Name}.{frame?.Name}: {e.Message}";
        }
        foreach (var diagnostic in result.Diagnostics)
        {
            if (DiagnosticProblem(source, diagnostic) is { } problem) return problem;
        }
        return SpanProblem(source, result.File);
    }

    private static string? DiagnosticProblem(SourceText source, Diagnostic diagnostic)
    {
        if (SpanProblem(source, diagnostic.Span) is { } span) return $"{diagnostic.Code}: {span}";
        foreach (var language in new[] { Language.En, Language.Zh })
        {
            try
            {
                if (string.IsNullOrWhiteSpace(diagnostic.Message(language))) return $"{diagnostic.Code}: empty {language} message";
                diagnostic.Hint(language);
            }
            catch (FormatException e)
            {
                return $"{diagnostic.Code}: {language} message does not format: {e.Message}";
            }
        }
        return null;
    }

    private static string? SpanProblem(SourceText source, TextSpan span)
    {
        if (!ReferenceEquals(span.Source, source)) return "span belongs to another source";
        if (span.Start < 0 || span.Start > span.End || span.End > source.Text.Length) return $"span {span.Start}..{span.End} is outside 0..{source.Text.Length}";
        return null;
    }

    /// <summary>Every span in the AST (nodes and the records that hold them), found by reflection.</summary>
    private static string? SpanProblem(SourceText source, Node root)
    {
        var pending = new Stack<object>();
        pending.Push(root);
        while (pending.TryPop(out var item))
        {
            foreach (var property in Properties(item.GetType()))
            {
                var value = property.GetValue(item);
                switch (value)
                {
                    case TextSpan span when SpanProblem(source, span) is { } problem:
                        return $"{item.GetType().Name}.{property.Name}: {problem}";
                    case IEnumerable items and not string:
                        foreach (var element in items) if (element is not null && IsSyntax(element.GetType())) pending.Push(element);
                        break;
                    case not null when IsSyntax(value.GetType()):
                        pending.Push(value);
                        break;
                }
            }
        }
        return null;
    }

    private static readonly ConcurrentDictionary<Type, PropertyInfo[]> PropertyCache = new();

    private static PropertyInfo[] Properties(Type type) => PropertyCache.GetOrAdd(type, t => t
        .GetProperties(BindingFlags.Public | BindingFlags.Instance)
        .Where(p => p.GetIndexParameters().Length == 0 && p.Name != "EqualityContract")
        .ToArray());

    private static bool IsSyntax(Type type) => type.Namespace == typeof(Node).Namespace && !type.IsEnum;

    /// <summary>Deletes pieces of the text while the same problem remains (a simple delta debugging).</summary>
    private static string Minimise(string text, string problem)
    {
        var budget = 3000;
        for (var chunk = Math.Max(1, text.Length / 2); chunk >= 1 && budget > 0; chunk /= 2)
        {
            for (var start = 0; start < text.Length && budget-- > 0;)
            {
                var candidate = text.Remove(start, Math.Min(chunk, text.Length - start));
                if (SameKind(Problem(candidate), problem)) text = candidate;
                else start += chunk;
            }
        }
        return text;
    }

    // Positions and numbers in a problem may change as the text shrinks; the words before them may not.
    private static bool SameKind(string? a, string b) => a is not null && Kind(a) == Kind(b);

    private static string Kind(string problem) => new(problem.TakeWhile(c => !char.IsAsciiDigit(c)).ToArray());

    private static string Escape(string text)
    {
        var result = new StringBuilder("\"");
        foreach (var c in text.Length > 2000 ? text[..2000] + "…" : text)
        {
            result.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                _ when char.IsControl(c) || char.IsSurrogate(c) || c == '\uFEFF' => $"\\u{(int)c:X4}",
                _ => c.ToString(),
            });
        }
        return result.Append('"').ToString();
    }

    private static List<(string Name, string Text)> Corpus()
    {
        var folders = new[] { RepositoryPaths.Policies, Path.Combine(RepositoryPaths.Root, "tests", "Appraisal.Policy.Tests", "Cases") };
        var files = folders.Where(Directory.Exists)
            .SelectMany(folder => Directory.EnumerateFiles(folder, "*.policy", SearchOption.AllDirectories))
            .Order(StringComparer.Ordinal)
            .Select(path => (path, File.ReadAllText(path)))
            .ToList();
        Assert.NotEmpty(files);
        files.Add(("generated-40.policy", PolicyGenerator.Generate(40)));
        return files;
    }
}
