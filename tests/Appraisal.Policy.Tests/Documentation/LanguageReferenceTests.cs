using System.Text.RegularExpressions;
using Appraisal.Policy.Semantics;
using Appraisal.Policy.Text;

namespace Appraisal.Policy.Tests.Documentation;

/// <summary>The examples in grammar/LANGUAGE.md are part of the specification: each one must parse and check.</summary>
public partial class LanguageReferenceTests
{
    [GeneratedRegex(@"```policy\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex PolicyBlock();

    public static TheoryData<int> Examples()
    {
        var data = new TheoryData<int>();
        var count = PolicyBlock().Matches(File.ReadAllText(ReferencePath)).Count;
        for (var i = 0; i < count; i++) data.Add(i);
        return data;
    }

    private static string ReferencePath => Path.Combine(RepositoryPaths.Root, "grammar", "LANGUAGE.md");

    [Theory]
    [MemberData(nameof(Examples))]
    public void Every_example_in_the_language_reference_checks_without_errors(int index)
    {
        var blocks = PolicyBlock().Matches(File.ReadAllText(ReferencePath)).Select(m => m.Groups[1].Value).ToList();
        var text = blocks[index];
        // Examples that begin with a "// path.policy" comment are files of one example tree (includes resolve between them).
        var root = Path.Combine(Path.GetTempPath(), "language-reference-" + Environment.ProcessId);
        foreach (var block in blocks)
        {
            if (FilePath(block) is not { } relative) continue;
            var full = Path.Combine(root, "policies", relative);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            File.WriteAllText(full, block);
        }
        var path = FilePath(text) is { } own ? Path.Combine(root, "policies", own) : $"LANGUAGE.md example {index + 1}";
        var result = Checker.Check(new SourceText(path, text), new IncludeReader(root));
        var errors = result.Diagnostics.Where(d => d.IsError).ToList();
        Assert.True(errors.Count == 0, text + "\n" + string.Join("\n", errors.Select(d => $"{d.Span.StartPosition}: {d.Code} {d.Message()}")));
    }

    private static string? FilePath(string block)
    {
        var first = block.Split('\n')[0].Trim();
        return first.StartsWith("// ", StringComparison.Ordinal) && first.EndsWith(".policy", StringComparison.Ordinal) ? first[3..] : null;
    }
}
