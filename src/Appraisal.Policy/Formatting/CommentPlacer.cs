using Appraisal.Policy.Syntax;

namespace Appraisal.Policy.Formatting;

/// <summary>
/// Gives every comment exactly one place in the output, by comparing its position with the source ranges of
/// the formatted lines. The rules, tried in order:
/// <list type="number">
/// <item>A comment inside the range of one line (for example inside an expression that the formatter joins onto
/// one line, between <c>table</c> and its <c>{</c>, or inside a one-line <c>enum</c> or record literal) is moved
/// to its own line just before that line.</item>
/// <item>A comment that starts on the same source line as the end of the nearest line before it trails that line.</item>
/// <item>Otherwise it leads the nearest line after it (before a closing <c>}</c> it stays inside the block).</item>
/// <item>A comment after everything goes at the end of the file.</item>
/// </list>
/// Nearest is measured in the source, not in the output, so a clause the formatter reorders takes its comments along.
/// </summary>
internal static class CommentPlacer
{
    /// <summary>Attaches the comments to the lines; returns the comments that go at the end of the file.</summary>
    public static List<Comment> Place(string source, IEnumerable<Comment> comments, IReadOnlyList<FormattedLine> lines)
    {
        var endOfFile = new List<Comment>();
        foreach (var comment in comments.OrderBy(c => c.Span.Start))
        {
            if (lines.FirstOrDefault(l => l.Contains(comment)) is { } around) around.Leading.Add(comment);
            else if (Before(lines, comment) is { } before && OnOneLine(source, before.End, comment.Span.Start)) before.Trailing.Add(comment);
            else if (After(lines, comment) is { } after) after.Leading.Add(comment);
            else endOfFile.Add(comment);
        }
        return endOfFile;
    }

    private static FormattedLine? Before(IEnumerable<FormattedLine> lines, Comment comment) =>
        lines.Where(l => l.End <= comment.Span.Start).MaxBy(l => l.End);

    private static FormattedLine? After(IEnumerable<FormattedLine> lines, Comment comment) =>
        lines.Where(l => l.Start >= comment.Span.End).MinBy(l => l.Start);

    private static bool OnOneLine(string source, int start, int end) => source.IndexOf('\n', start, end - start) < 0;
}
