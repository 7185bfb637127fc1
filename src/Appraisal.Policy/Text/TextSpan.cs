namespace Appraisal.Policy.Text;

/// <summary>A range of characters [Start, End) in one source file.</summary>
public readonly record struct TextSpan(SourceText Source, int Start, int End)
{
    public string File => Source.Path;
    public (int Line, int Column) StartPosition => Source.Position(Start);
    public (int Line, int Column) EndPosition => Source.Position(End);
    public int Length => End - Start;

    public static TextSpan Covering(TextSpan first, TextSpan last) =>
        new(first.Source, Math.Min(first.Start, last.Start), Math.Max(first.End, last.End));

    public override string ToString()
    {
        var (line, column) = StartPosition;
        return $"{File}({line},{column})";
    }
}
