using Antlr4.Runtime;
using Appraisal.Policy.Syntax.Generated;
using Xunit.Sdk;

namespace Appraisal.Policy.Tests.Formatting;

/// <summary>
/// A comment put between any two tokens of a policy is kept exactly once, and formatting stays idempotent
/// and meaning-preserving, wherever the comment lands.
/// </summary>
public class FormatterCommentPlacementTests
{
    private static readonly string[] Comments = ["/* c */", "// c\n", "\n// c\n\n", "/* a\n b */"];

    public static TheoryData<string, int> Cases()
    {
        var data = new TheoryData<string, int>();
        foreach (var file in SampleFiles())
        {
            for (var kind = 0; kind < Comments.Length; kind++) data.Add(file, kind);
        }
        return data;
    }

    private static IEnumerable<string> SampleFiles() =>
        Directory.EnumerateFiles(RepositoryPaths.Policies, "*.policy", SearchOption.AllDirectories)
            .Append(Path.Combine(RepositoryPaths.Root, "tests", "Appraisal.Policy.Tests", "Formatting", "Samples", "everything.policy"))
            .Select(f => Path.GetRelativePath(RepositoryPaths.Root, f))
            .Order(StringComparer.Ordinal);

    /// <summary>Comments between all tokens at once, each with its own text, and every kind mixed in turn.</summary>
    [Theory]
    [MemberData(nameof(Cases))]
    public void Comments_between_all_tokens_survive_formatting(string relativePath, int kind)
    {
        var text = File.ReadAllText(Path.Combine(RepositoryPaths.Root, relativePath));
        var starts = TokenStarts(text).ToList();
        FormatAssert.RoundTrips(InsertComments(text, starts, i => kind));
        FormatAssert.RoundTrips(InsertComments(text, starts, i => (i + kind) % Comments.Length));
    }

    /// <summary>One comment at a time, at every token boundary: the comment meets no other comment.</summary>
    [Fact]
    public void A_single_line_comment_between_any_two_tokens_survives_formatting()
    {
        var text = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "tests", "Appraisal.Policy.Tests", "Formatting", "Samples", "everything.policy"));
        var failures = new List<string>();
        foreach (var offset in TokenStarts(text))
        {
            try
            {
                FormatAssert.RoundTrips(text.Insert(offset, "// c\n"));
            }
            catch (XunitException e)
            {
                failures.Add($"comment at offset {offset}: {e.Message}");
            }
        }
        Assert.Empty(failures);
    }

    private static string InsertComments(string text, IReadOnlyList<int> offsets, Func<int, int> kindAt)
    {
        var builder = new System.Text.StringBuilder(text);
        for (var i = offsets.Count - 1; i >= 0; i--)
        {
            var comment = Comments[kindAt(i)].Replace(" c ", $" c{i} ", StringComparison.Ordinal).Replace("// c\n", $"// c{i}\n", StringComparison.Ordinal);
            builder.Insert(offsets[i], comment + " ");
        }
        return builder.ToString();
    }

    [Fact]
    public void The_samples_parse_without_errors()
    {
        foreach (var file in SampleFiles()) Assert.Empty(FormatAssert.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.Root, file))).Diagnostics);
    }

    private static IEnumerable<int> TokenStarts(string text)
    {
        var lexer = new PolicyLexer(new AntlrInputStream(text));
        lexer.RemoveErrorListeners();
        return lexer.GetAllTokens().Where(t => t.Channel == TokenConstants.DefaultChannel).Select(t => t.StartIndex).Append(text.Length);
    }
}
