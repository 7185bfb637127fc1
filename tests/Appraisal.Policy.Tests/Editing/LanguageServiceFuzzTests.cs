using Appraisal.Policy.Benchmarks;
using Appraisal.Policy.Diagnostics;
using Appraisal.Policy.Editing;
using Appraisal.Policy.Tests.Robustness;
using Xunit.Abstractions;

namespace Appraisal.Policy.Tests.Editing;

/// <summary>
/// The checker's fuzz cases (<see cref="Fuzzer"/>, over the same corpus as <see cref="FuzzTests"/>) fed through the
/// language service as an editor would: open, edit, and ask for everything at many places. Nothing may throw.
/// <c>FUZZ_SEED</c> and <c>FUZZ_COUNT</c> (default 1,000 here) as for the checker's fuzz test.
/// </summary>
public class LanguageServiceFuzzTests(ITestOutputHelper output)
{
    private const int DefaultCount = 1_000;

    [Fact]
    public void No_request_about_any_input_throws()
    {
        var seed = FuzzSettings.Seed;
        var count = FuzzSettings.Count(DefaultCount);
        var fuzzer = new Fuzzer(Corpus());
        output.WriteLine($"FUZZ_SEED={seed} FUZZ_COUNT={count}");
        var failures = new List<string>();
        Parallel.ForEach(FuzzSettings.Case is { } one ? [one] : Enumerable.Range(0, count),
            new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, index =>
        {
            var (description, text) = fuzzer.Case(seed, index);
            try
            {
                AskEverything(text);
            }
            catch (Exception e)
            {
                lock (failures) failures.Add($"case {index} ({description}; FUZZ_SEED={seed} FUZZ_CASE={index}): {e.GetType().Name}: {e.Message}\n{e.StackTrace}");
            }
        });
        Assert.True(failures.Count == 0, string.Join("\n\n", failures.Take(3)));
    }

    private static void AskEverything(string text)
    {
        var service = new LanguageService();
        const string uri = "file:///tmp/policy-editing-fuzz/fuzz.policy";
        service.Open(uri, 1, text);
        // The same text typed again in two steps: the first half (so completion falls back on an older version), then all of it.
        service.Change(uri, 2, text[..(text.Length / 2)]);
        service.Change(uri, 3, text);
        service.Diagnostics(uri, Language.En);
        service.Diagnostics(uri, Language.Zh);
        service.Outline(uri);
        service.Format(uri);
        var lines = new LineMap(text);
        var whole = new LineRange(default, lines.Position(text.Length));
        var tokens = service.SemanticTokens(uri);
        for (var i = 0; i < tokens.Length; i++)
        {
            var token = tokens[i];
            if (token.Length <= 0 || lines.Offset(new LinePosition(token.Line, token.Character + token.Length)) - lines.Offset(new LinePosition(token.Line, token.Character)) != token.Length)
                throw new InvalidOperationException($"semantic token {token} is not inside its line");
            if (i > 0 && !(token.Line > tokens[i - 1].Line || token.Character >= tokens[i - 1].Character + tokens[i - 1].Length))
                throw new InvalidOperationException($"semantic token {token} overlaps {tokens[i - 1]}");
        }
        // Every quick fix applied: the fixed text is checked again (and asked about) without a fault.
        foreach (var action in service.CodeActions(uri, whole, Language.Zh))
        {
            var fixedText = action.Edits.OrderByDescending(e => lines.Offset(e.Range.Start)).Aggregate(text, (t, e) =>
                string.Concat(t.AsSpan(0, lines.Offset(e.Range.Start)), e.NewText, t.AsSpan(lines.Offset(e.Range.End))));
            const string fixedUri = "file:///tmp/policy-editing-fuzz/fixed.policy";
            service.Open(fixedUri, 1, fixedText);
            service.Diagnostics(fixedUri, Language.En);
            service.Close(fixedUri);
        }
        service.FormatRange(uri, whole);
        service.FormatRange(uri, new LineRange(lines.Position(text.Length / 3), lines.Position(text.Length / 2)));
        var step = Math.Max(1, text.Length / 40);
        for (var offset = 0; offset <= text.Length + 1; offset += step)
        {
            var position = lines.Position(offset);
            service.Hover(uri, position, Language.En);
            service.Hover(uri, position, Language.Zh);
            service.Definition(uri, position);
            service.References(uri, position, includeDeclaration: true);
            service.Completion(uri, position);
        }
        // Positions an editor should never send, but might.
        foreach (var odd in new[] { new LinePosition(-1, -1), new LinePosition(lines.LineCount + 5, 0), new LinePosition(0, int.MaxValue) })
        {
            service.Hover(uri, odd, Language.En);
            service.Completion(uri, odd);
        }
        service.Close(uri);
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
