using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Appraisal.Impact.Teams;

/// <summary>
/// The rows of the first worksheet of an .xlsx workbook, read with <see cref="OpenXmlReader"/> (SAX): one row element
/// is loaded at a time, never the sheet. Shared strings (the workbook's table of distinct texts) and styles are read
/// once. A number is its stored text, exact; a number whose style is a date format is a date serial; booleans are
/// <c>1</c>/<c>0</c>; shared and inline strings are their text (rich-text runs joined, phonetic hints left out).
/// </summary>
internal sealed class XlsxTeamSource : IDisposable
{
    private readonly SpreadsheetDocument _document;
    private readonly WorksheetPart _sheet;
    private readonly List<string> _sharedStrings = [];
    private readonly HashSet<uint> _dateStyles = [];

    public XlsxTeamSource(Stream stream)
    {
        _document = SpreadsheetDocument.Open(stream, isEditable: false);
        var workbook = _document.WorkbookPart ?? throw new InvalidDataException("the workbook has no workbook part");
        var first = workbook.Workbook.Sheets?.Elements<Sheet>().FirstOrDefault()
                    ?? throw new InvalidDataException("the workbook has no worksheet");
        _sheet = (WorksheetPart)workbook.GetPartById(first.Id?.Value ?? throw new InvalidDataException("the first sheet has no part"));
        Date1904 = workbook.Workbook.WorkbookProperties?.Date1904?.Value ?? false;
        if (workbook.SharedStringTablePart is { } shared) ReadSharedStrings(shared);
        if (workbook.WorkbookStylesPart?.Stylesheet is { } styles) ReadDateStyles(styles);
    }

    /// <summary>True when the workbook counts days from 1904 (older Mac Excel).</summary>
    public bool Date1904 { get; }

    public IEnumerable<TeamSourceRow> Rows()
    {
        using var reader = OpenXmlReader.Create(_sheet);
        var previous = 0;
        var more = reader.Read();
        while (more)
        {
            if (reader.IsStartElement && reader.ElementType == typeof(Row))
            {
                // LoadCurrentElement leaves the reader on the element after the row: look at it before reading on.
                var row = (Row)reader.LoadCurrentElement()!;
                var number = row.RowIndex?.Value is { } index ? (int)index : previous + 1;
                previous = number;
                yield return new TeamSourceRow(number, Cells(row));
                more = !reader.EOF;
                continue;
            }
            more = reader.Read();
        }
    }

    private TeamCell[] Cells(Row row)
    {
        var cells = new List<TeamCell>();
        var next = 0;
        foreach (var cell in row.Elements<Cell>())
        {
            var column = cell.CellReference?.Value is { } reference ? ColumnLetters.IndexOf(reference) : -1;
            if (column < 0) column = next;
            next = column + 1;
            while (cells.Count < column) cells.Add(new TeamCell(""));
            cells.Add(Read(cell));
        }
        return [.. cells];
    }

    private TeamCell Read(Cell cell)
    {
        var value = cell.CellValue?.Text ?? "";
        var type = cell.DataType?.Value;
        if (type == CellValues.SharedString)
            return new TeamCell(int.TryParse(value, out var i) && i >= 0 && i < _sharedStrings.Count ? _sharedStrings[i] : "");
        if (type == CellValues.InlineString) return new TeamCell(cell.InlineString is { } inline ? TextOf(inline) : value);
        if (type == CellValues.Boolean) return new TeamCell(value, TeamCellKind.Bool);
        if (type == CellValues.String || type == CellValues.Error || type == CellValues.Date) return new TeamCell(value);
        if (value.Length == 0) return new TeamCell("");
        var styled = cell.StyleIndex?.Value is { } style && _dateStyles.Contains(style);
        return new TeamCell(value, styled ? TeamCellKind.DateSerial : TeamCellKind.Number);
    }

    private void ReadSharedStrings(SharedStringTablePart part)
    {
        using var reader = OpenXmlReader.Create(part);
        var more = reader.Read();
        while (more)
        {
            if (reader.IsStartElement && reader.ElementType == typeof(SharedStringItem))
            {
                _sharedStrings.Add(TextOf((SharedStringItem)reader.LoadCurrentElement()!));
                more = !reader.EOF;
                continue;
            }
            more = reader.Read();
        }
    }

    /// <summary>The text of a string item: its plain text, or its rich-text runs joined (phonetic runs left out).</summary>
    private static string TextOf(OpenXmlElement item)
    {
        var plain = item.GetFirstChild<Text>();
        if (plain is not null) return plain.Text;
        return string.Concat(item.Elements<Run>().Select(r => r.Text?.Text ?? ""));
    }

    private void ReadDateStyles(Stylesheet styles)
    {
        var custom = styles.NumberingFormats?.Elements<NumberingFormat>()
            .Where(f => f.NumberFormatId?.Value is not null)
            .ToDictionary(f => f.NumberFormatId!.Value, f => f.FormatCode?.Value ?? "") ?? [];
        var index = 0u;
        foreach (var format in styles.CellFormats?.Elements<CellFormat>() ?? [])
        {
            var id = format.NumberFormatId?.Value ?? 0;
            if (IsBuiltInDate(id) || custom.TryGetValue(id, out var code) && IsDateCode(code)) _dateStyles.Add(index);
            index++;
        }
    }

    // ECMA-376 §18.8.30: 14–22 and 45–47 are dates and times; 27–36 and 50–58 are the East Asian date formats.
    private static bool IsBuiltInDate(uint id) => id is >= 14 and <= 22 or >= 45 and <= 47 or >= 27 and <= 36 or >= 50 and <= 58;

    /// <summary>A custom format is a date when it has y, m, d (or 年月日) outside quotes, brackets and escapes.</summary>
    private static bool IsDateCode(string code)
    {
        var quoted = false;
        var bracket = false;
        for (var i = 0; i < code.Length; i++)
        {
            var c = code[i];
            if (c == '"') quoted = !quoted;
            else if (quoted) continue;
            else if (c == '\\') i++;
            else if (c == '[') bracket = true;
            else if (c == ']') bracket = false;
            else if (!bracket && (char.ToLowerInvariant(c) is 'y' or 'd' or 'm' || c is '年' or '月' or '日')) return true;
        }
        return false;
    }

    public void Dispose() => _document.Dispose();
}
