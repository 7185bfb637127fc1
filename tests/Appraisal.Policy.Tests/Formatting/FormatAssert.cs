using Appraisal.Policy.Formatting;
using Appraisal.Policy.Syntax;
using Appraisal.Policy.Text;

namespace Appraisal.Policy.Tests.Formatting;

/// <summary>Checks shared by the formatter tests.</summary>
internal static class FormatAssert
{
    public static ParseResult Parse(string text, string path = "test.policy") => Parser.Parse(new SourceText(path, text));

    /// <summary>Formats <paramref name="before"/>, expects exactly <paramref name="after"/> (plus the final newline), and checks the round trip.</summary>
    public static void Formats(string before, string after)
    {
        var formatted = RoundTrips(before);
        Assert.Equal(after.ReplaceLineEndings("\n") + "\n", formatted);
    }

    /// <summary>
    /// Formats a source that parses without errors and checks that the result parses without errors, has the
    /// same AST, formats to itself, and has every comment of the source exactly once. Returns the formatted text.
    /// </summary>
    public static string RoundTrips(string source, string path = "test.policy")
    {
        var original = Parse(source, path);
        Assert.Empty(original.Diagnostics);
        var formatted = Formatter.Format(original.File);
        var reparsed = Parse(formatted, path + " (formatted)");
        Assert.Empty(reparsed.Diagnostics);
        Assert.Equal(AstDump.Dump(original.File), AstDump.Dump(reparsed.File));
        Assert.Equal(formatted, Formatter.Format(reparsed.File));
        Assert.Equal(CommentTexts(original.File), CommentTexts(reparsed.File));
        return formatted;
    }

    /// <summary>Comment texts, sorted: equal lists mean no comment was lost or duplicated.</summary>
    private static List<string> CommentTexts(PolicyFile file) =>
        file.Comments.Select(c => c.Text).Order(StringComparer.Ordinal).ToList();
}
