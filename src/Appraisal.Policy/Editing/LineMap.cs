namespace Appraisal.Policy.Editing;

/// <summary>A position as editors count it (the Language Server Protocol's): 0-based line, 0-based UTF-16 code unit in it.</summary>
public readonly record struct LinePosition(int Line, int Character);

/// <summary>[Start, End) in editor positions.</summary>
public readonly record struct LineRange(LinePosition Start, LinePosition End);

/// <summary>
/// Turns offsets into a text into editor positions and back. Lines end at <c>\n</c>, <c>\r\n</c> or a lone <c>\r</c>,
/// as the protocol counts them; characters are UTF-16 code units, so a Chinese character counts one and an emoji
/// (a surrogate pair) two, as the protocol requires. Positions past the end of a line or of the text are clamped to it,
/// and a position between the two halves of a surrogate pair is moved to the pair's start.
/// </summary>
public sealed class LineMap
{
    private readonly string _text;
    private readonly int[] _lineStarts;

    public LineMap(string text)
    {
        _text = text;
        var starts = new List<int> { 0 };
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\r' && i + 1 < text.Length && text[i + 1] == '\n') i++;
            if (text[i] is '\n' or '\r') starts.Add(i + 1);
        }
        _lineStarts = starts.ToArray();
    }

    public int LineCount => _lineStarts.Length;

    public LinePosition Position(int offset)
    {
        offset = Math.Clamp(offset, 0, _text.Length);
        var line = Array.BinarySearch(_lineStarts, offset);
        if (line < 0) line = ~line - 1;
        return new LinePosition(line, offset - _lineStarts[line]);
    }

    public LineRange Range(int start, int end) => new(Position(start), Position(end));

    public int Offset(LinePosition position)
    {
        if (position.Line < 0) return 0;
        if (position.Line >= _lineStarts.Length) return _text.Length;
        var start = _lineStarts[position.Line];
        var offset = start + Math.Clamp(position.Character, 0, LineEnd(position.Line) - start);
        if (offset > start && offset < _text.Length && char.IsLowSurrogate(_text[offset]) && char.IsHighSurrogate(_text[offset - 1])) offset--;
        return offset;
    }

    /// <summary>Where a line's text ends, before its line break.</summary>
    private int LineEnd(int line)
    {
        var end = line + 1 < _lineStarts.Length ? _lineStarts[line + 1] : _text.Length;
        if (end > _lineStarts[line] && end <= _text.Length && line + 1 < _lineStarts.Length)
        {
            end--;
            if (_text[end] == '\n' && end > _lineStarts[line] && _text[end - 1] == '\r') end--;
        }
        return end;
    }
}
