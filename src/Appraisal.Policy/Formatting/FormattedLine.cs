using Appraisal.Policy.Syntax;

namespace Appraisal.Policy.Formatting;

/// <summary>
/// One line of formatter output, with the range of the original source it stands for
/// (<see cref="Start"/>..<see cref="End"/>), so that comments can be placed next to it.
/// </summary>
internal sealed class FormattedLine(string text, int indent, int start, int end, bool closesBlock)
{
    public string Text { get; } = text;
    public int Indent { get; } = indent;
    public int Start { get; } = start;
    public int End { get; } = end;

    /// <summary>A line that closes a block (<c>}</c>): comments before it belong inside the block.</summary>
    public bool ClosesBlock { get; } = closesBlock;

    public bool BlankBefore { get; set; }

    /// <summary>Comments printed on their own lines just before this line, in source order.</summary>
    public List<Comment> Leading { get; } = new();

    /// <summary>Comments printed at the end of this line, in source order.</summary>
    public List<Comment> Trailing { get; } = new();

    public int CommentIndent => ClosesBlock ? Indent + 1 : Indent;

    public bool Contains(Comment comment) => Start < comment.Span.Start && comment.Span.End <= End;
}
