using System.Text;
using Appraisal.Policy.Syntax;

namespace Appraisal.Policy.Formatting;

/// <summary>Turns the formatted lines and their comments into text: two spaces per indentation level, '\n' line ends.</summary>
internal sealed class LineRenderer(string source)
{
    private const string IndentUnit = "  ";
    private readonly StringBuilder _output = new();

    public string Render(IReadOnlyList<FormattedLine> lines, IReadOnlyList<Comment> endOfFile)
    {
        foreach (var line in lines) Line(line);
        if (endOfFile.Count > 0)
        {
            if (lines.Count > 0) _output.Append('\n');
            CommentLines(endOfFile, 0, blankAfterLast: false);
        }
        return _output.ToString();
    }

    private void Line(FormattedLine line)
    {
        if (line.BlankBefore) _output.Append('\n');
        CommentLines(line.Leading, line.CommentIndent, blankAfterLast: !line.ClosesBlock);
        _output.Append(Indent(line.Indent)).Append(line.Text);
        foreach (var comment in line.Trailing) _output.Append(' ').Append(comment.Text);
        _output.Append('\n');
    }

    /// <summary>
    /// Comments on their own lines. A blank line that followed a comment in the source is kept (one, at most),
    /// so a comment that heads a section stays apart from the declaration below it.
    /// </summary>
    private void CommentLines(IReadOnlyList<Comment> comments, int indent, bool blankAfterLast)
    {
        for (var i = 0; i < comments.Count; i++)
        {
            _output.Append(Indent(indent)).Append(comments[i].Text).Append('\n');
            var last = i == comments.Count - 1;
            if ((!last || blankAfterLast) && BlankLineFollows(comments[i])) _output.Append('\n');
        }
    }

    /// <summary>Whether the source has a blank line between the comment and the next thing after it.</summary>
    private bool BlankLineFollows(Comment comment)
    {
        var newlines = 0;
        var i = comment.Span.End;
        for (; i < source.Length && char.IsWhiteSpace(source[i]); i++)
        {
            if (source[i] == '\n') newlines++;
        }
        return newlines >= 2 && i < source.Length;
    }

    private static string Indent(int level) => string.Concat(Enumerable.Repeat(IndentUnit, level));
}
