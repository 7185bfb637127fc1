using System.Text;
using Appraisal.Policy.Text;
using CsvHelper;

namespace Appraisal.Impact.Teams;

/// <summary>
/// The rows of a CSV file, one record at a time (CsvHelper's reader: RFC 4180 quoting, comma separated, a quoted cell
/// may span lines). Rows are numbered as a spreadsheet opening the file numbers them: one per record, empty lines
/// included. Malformed quoting is recovered from (as Excel does) and reported on its row.
/// </summary>
internal static class CsvTeamSource
{
    public static IEnumerable<TeamSourceRow> Rows(Stream stream, Encoding encoding)
    {
        var malformed = new Dictionary<long, CsvMalformedReason>();
        var options = new CsvReaderOptions
        {
            HasHeader = false,
            Separator = ',',
            SkipEmptyLines = false,
            Encoding = encoding,
            DetectSeparatorHint = false,
            IncludeValuesInExceptions = false,
            OnMalformedRecord = record => malformed.TryAdd(record.RecordNumber, record.Reason),
        };
        using var reader = CsvReader.Create(stream, options, leaveOpen: true);
        var number = 0;
        while (reader.Read())
        {
            number++;
            var cells = new TeamCell[reader.FieldCount];
            for (var i = 0; i < cells.Length; i++)
            {
                var text = reader.GetString(i) ?? "";
                // A byte order mark is not part of the first header.
                if (number == 1 && i == 0 && text.Length > 0 && text[0] == '\uFEFF') text = text[1..];
                cells[i] = new TeamCell(text);
            }
            Bilingual? problem = null;
            if (malformed.Remove(number, out var reason))
                problem = reason switch
                {
                    CsvMalformedReason.UnterminatedQuote => new Bilingual("malformed CSV: a quoted cell is not closed before the end of the file",
                        "CSV 格式错误：带引号的单元格直到文件末尾都没有结束"),
                    _ => new Bilingual("malformed CSV: a quote inside a cell that is not quoted, or text after a closing quote",
                        "CSV 格式错误：未加引号的单元格中有引号，或右引号之后还有文字"),
                };
            yield return new TeamSourceRow(number, cells, problem);
        }
    }
}
