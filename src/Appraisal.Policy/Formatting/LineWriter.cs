namespace Appraisal.Policy.Formatting;

/// <summary>Collects formatted lines at the current indentation.</summary>
internal sealed class LineWriter
{
    private readonly List<FormattedLine> _lines = new();
    private bool _blankPending;

    public IReadOnlyList<FormattedLine> Lines => _lines;
    public int Indent { get; private set; }

    /// <summary>The next line written is preceded by one blank line.</summary>
    public void BlankLine() => _blankPending = _lines.Count > 0;

    public void Line(string text, int start, int end) => Add(new FormattedLine(text, Indent, start, end, closesBlock: false));

    public void ClosingLine(string text, int start, int end) => Add(new FormattedLine(text, Indent, start, end, closesBlock: true));

    public void Indented(Action body)
    {
        Indent++;
        body();
        Indent--;
    }

    private void Add(FormattedLine line)
    {
        line.BlankBefore = _blankPending;
        _blankPending = false;
        _lines.Add(line);
    }
}
