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
