namespace Appraisal.Policy.Text;

/// <summary>The text of one policy file, with a line map for turning offsets into line and column.</summary>
public sealed class SourceText
{
    private readonly int[] _lineStarts;

    public SourceText(string path, string text)
    {
        Path = path;
        Text = text;
        var starts = new List<int> { 0 };
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\n') starts.Add(i + 1);
        }
        _lineStarts = starts.ToArray();
    }

    public string Path { get; }
    public string Text { get; }
    public int LineCount => _lineStarts.Length;

    public static SourceText FromFile(string path) => new(path, File.ReadAllText(path));

    /// <summary>1-based line and column of an offset (columns count UTF-16 code units).</summary>
    public (int Line, int Column) Position(int offset)
    {
        offset = Math.Clamp(offset, 0, Text.Length);
        var index = Array.BinarySearch(_lineStarts, offset);
        if (index < 0) index = ~index - 1;
        return (index + 1, offset - _lineStarts[index] + 1);
    }

    /// <summary>The text of a 1-based line, without its line break.</summary>
    public string Line(int line)
    {
        var start = _lineStarts[line - 1];
        var end = line < _lineStarts.Length ? _lineStarts[line] : Text.Length;
        return Text[start..end].TrimEnd('\r', '\n');
    }

    public override string ToString() => Path;
}

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
