using Appraisal.Policy.Syntax;

namespace Appraisal.Policy.Formatting;

/// <summary>What the declaration printers share: the file, its tokens, and the lines written so far.</summary>
internal sealed class LayoutContext(PolicyFile file)
{
    public PolicyFile File { get; } = file;
    public SourceTokens Tokens { get; } = new(file.Source.Text);
    public LineWriter Writer { get; } = new();

    public bool HasCommentsWithin(int start, int end) =>
        File.Comments.Any(c => c.Span.Start >= start && c.Span.End <= end);

    /// <summary>
    /// Writes <c>header {</c>, the body one level deeper, then <c>}</c> followed by <paramref name="closeSuffix"/>.
    /// A block with nothing in it (not even a comment) is written on one line as <c>header {}</c>.
    /// </summary>
    /// <param name="node">The whole construct; its span runs from the header to the end of the suffix.</param>
    /// <param name="openAfter">A source offset before the block's <c>{</c> and after anything that may contain one.</param>
    public void Block(string header, Node node, int openAfter, string closeSuffix, bool isEmpty, Action body)
    {
        var (start, end) = (node.Span.Start, node.Span.End);
        var open = Tokens.OpenBraceAfter(openAfter);
        var close = Tokens.LastCloseBraceIn(open.End, end);
        if (isEmpty && !HasCommentsWithin(open.End, close))
        {
            Writer.Line(header + " {}" + closeSuffix, start, end);
            return;
        }
        Writer.Line(header + " {", start, open.End);
        Writer.Indented(body);
        Writer.ClosingLine("}" + closeSuffix, close, end);
    }

    /// <summary>A declaration or clause printed on one line.</summary>
    public void Line(string text, Node node) => Writer.Line(text, node.Span.Start, node.Span.End);
}
