using System.Text;

namespace Appraisal.Impact.Reports;

/// <summary>
/// A plain-text table for a terminal: columns padded to their widest cell, counting East Asian wide characters
/// (Chinese) as two columns, numbers right-aligned.
/// </summary>
internal sealed class TextTable(params string[] headers)
{
    private readonly List<string[]> _rows = [];

    public void Add(params string[] cells) => _rows.Add(cells);

    public void WriteTo(TextWriter writer)
    {
        var widths = headers.Select((h, i) => _rows.Select(r => Width(r[i])).Append(Width(h)).Max()).ToArray();
        var numeric = headers.Select((_, i) => _rows.Count > 0 && _rows.All(r => r[i].Length == 0 || IsNumber(r[i]))).ToArray();
        writer.WriteLine(Line(headers, widths, numeric));
        writer.WriteLine(string.Join("  ", widths.Select(w => new string('-', w))));
        foreach (var row in _rows) writer.WriteLine(Line(row, widths, numeric));
    }

    private static string Line(string[] cells, int[] widths, bool[] numeric)
    {
        var line = new StringBuilder();
        for (var i = 0; i < cells.Length; i++)
        {
            if (i > 0) line.Append("  ");
            var pad = new string(' ', widths[i] - Width(cells[i]));
            line.Append(numeric[i] ? pad + cells[i] : cells[i] + (i == cells.Length - 1 ? "" : pad));
        }
        return line.ToString().TrimEnd();
    }

    private static bool IsNumber(string text) => text.Length > 0 && (char.IsAsciiDigit(text[0]) || text[0] is '-' or '+') && text.Skip(1).All(c => char.IsAsciiDigit(c) || c is '.' or ',');

    public static int Width(string text)
    {
        var width = 0;
        foreach (var rune in text.EnumerateRunes())
            width += rune.Value is >= 0x1100 and <= 0x115F or >= 0x2E80 and <= 0xA4CF or >= 0xAC00 and <= 0xD7A3 or >= 0xF900 and <= 0xFAFF
                or >= 0xFE30 and <= 0xFE4F or >= 0xFF00 and <= 0xFF60 or >= 0xFFE0 and <= 0xFFE6 or >= 0x20000 and <= 0x3FFFD ? 2 : 1;
        return width;
    }
}
