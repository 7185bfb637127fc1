using Appraisal.Policy.Benchmarks;
using Appraisal.Policy.Syntax;
using Appraisal.Policy.Tests.Robustness;
using Appraisal.Policy.Text;
using Appraisal.Testing;

namespace Appraisal.Policy.Tests.Syntax;

/// <summary>
/// <see cref="Parser.Parse"/> parses a file without mistakes one declaration at a time (the fast path) and
/// falls back to the whole-file parse for anything else. Both must give the same file: the same AST, the
/// same comments and the same diagnostics, for every policy in the repository, every diagnostics case,
/// generated policies and fuzzed sources (which mostly take the fallback, and must land on it).
/// </summary>
public class DeclarationByDeclarationTests
{
    private static readonly string[] Folders =
    [
        RepositoryPaths.Policies,
        Path.Combine(RepositoryPaths.Root, "tests", "Appraisal.Policy.Tests", "Cases"),
        Path.Combine(RepositoryPaths.Root, "tests", "Appraisal.Policy.Tests", "Formatting", "Samples"),
    ];

    private static List<(string Name, string Text)> Files() =>
        Folders.Where(Directory.Exists)
            .SelectMany(folder => Directory.EnumerateFiles(folder, "*.policy", SearchOption.AllDirectories))
            .Order(StringComparer.Ordinal)
            .Select(path => (Path.GetRelativePath(RepositoryPaths.Root, path), File.ReadAllText(path)))
            .ToList();

    public static TheoryData<string> Sources()
    {
        var data = new TheoryData<string>();
        foreach (var (name, _) in Files()) data.Add(name);
        return data;
    }

    [Theory]
    [MemberData(nameof(Sources))]
    public void A_repository_file_parses_the_same_as_a_whole(string name) =>
        AssertSame(File.ReadAllText(Path.Combine(RepositoryPaths.Root, name)), name);

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(19)]
    [InlineData(100)]
    [InlineData(1000)]
    public void A_generated_policy_parses_the_same_as_a_whole(int rules) =>
        AssertSame(PolicyGenerator.Generate(rules), $"generated-{rules}");

    [Theory]
    [InlineData("")]
    [InlineData("policy p")]
    [InlineData("library l")]
    [InlineData("// only a comment\n/* and a block */")]
    [InlineData("policy p version 1 version 2 effective 2026-02-30\nlet a = 1\nlet a = 2")]
    [InlineData("let a = 1 let b = 2 policy p")]
    [InlineData("constraint c: 1 > 0 \"x\" \"y\"")]
    [InlineData("let a = 1 +\nlet b = 2")]
    [InlineData("let a = 1 + 2\n* 3")]
    [InlineData("let a = (((1)))\nlet b = [1, 2,]\nlet c = {x: 1; y: 2}")]
    public void A_small_file_parses_the_same_as_a_whole(string text) => AssertSame(text, text);

    [Fact]
    public void Fuzzed_sources_parse_the_same_as_a_whole()
    {
        var corpus = Files();
        corpus.Add(("generated-40.policy", PolicyGenerator.Generate(40)));
        var fuzzer = new Fuzzer(corpus);
        Parallel.For(0, 2000, index =>
        {
            var (description, text) = fuzzer.Case(20261123, index);
            AssertSame(text, $"fuzz case {index} ({description})");
        });
    }

    private static void AssertSame(string text, string what)
    {
        var source = new SourceText("test.policy", text);
        var fast = Parser.Parse(source);
        var whole = Parser.ParseWholeFile(source);
        Assert.True(AstDump.Dump(whole.File) == AstDump.Dump(fast.File), $"{what}: the ASTs differ");
        Assert.Equal(Spans(whole.File), Spans(fast.File));
        Assert.Equal(whole.File.Comments.Select(c => (c.Text, c.Span.Start, c.Span.End)), fast.File.Comments.Select(c => (c.Text, c.Span.Start, c.Span.End)));
        Assert.Equal(whole.Diagnostics.Select(Describe), fast.Diagnostics.Select(Describe));
    }

    /// <summary>Every span in the AST, depth first (the dump leaves spans out).</summary>
    private static List<(int, int)> Spans(PolicyFile file)
    {
        var spans = new List<(int, int)>();
        void Walk(object? value)
        {
            switch (value)
            {
                case TextSpan span:
                    spans.Add((span.Start, span.End));
                    break;
                case null or string or SourceText:
                    break;
                case System.Collections.IEnumerable items:
                    foreach (var item in items) Walk(item);
                    break;
                case Node node:
                    foreach (var property in node.GetType().GetProperties().Where(p => p.GetIndexParameters().Length == 0).OrderBy(p => p.Name, StringComparer.Ordinal))
                    {
                        Walk(property.GetValue(node));
                    }
                    break;
            }
        }
        Walk(file);
        return spans;
    }

    private static string Describe(Policy.Diagnostics.Diagnostic d) =>
        $"{d.Code} {d.Span.Start}-{d.Span.End} {string.Join("|", d.Arguments)}";
}
