using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Appraisal.Impact.Tests;

/// <summary>
/// Builds .xlsx fixtures with the Open XML SDK as Excel writes them: text in the shared string table (or inline), numbers
/// as their stored text, booleans, dates as serial numbers with a date style (built-in 14, or a custom 年月日 format).
/// </summary>
internal static class Workbooks
{
    /// <summary>A cell: text (shared), <c>=inline:</c> text (inline string), <c>=n:</c> number, <c>=b:</c> boolean, <c>=d:</c> date serial (style 14), <c>=cd:</c> date serial (custom style).</summary>
    public static void Write(string path, IReadOnlyList<(uint Row, string?[] Cells)> rows, bool references = true)
    {
        using var document = SpreadsheetDocument.Create(path, SpreadsheetDocumentType.Workbook);
        var workbook = document.AddWorkbookPart();
        workbook.Workbook = new Workbook();
        var shared = workbook.AddNewPart<SharedStringTablePart>();
        shared.SharedStringTable = new SharedStringTable();
        var styles = workbook.AddNewPart<WorkbookStylesPart>();
        styles.Stylesheet = new Stylesheet(
            new NumberingFormats(new NumberingFormat { NumberFormatId = 176, FormatCode = "yyyy\"年\"m\"月\"d\"日\"" }),
            new Fonts(new Font()), new Fills(new Fill()), new Borders(new Border()),
            new CellFormats(
                new CellFormat { NumberFormatId = 0 },
                new CellFormat { NumberFormatId = 14, ApplyNumberFormat = true },
                new CellFormat { NumberFormatId = 176, ApplyNumberFormat = true },
                new CellFormat { NumberFormatId = 10, ApplyNumberFormat = true })); // 0.00%: a number, not a date
        var sheetPart = workbook.AddNewPart<WorksheetPart>();
        var data = new SheetData();
        var strings = new List<string>();
        foreach (var (number, cells) in rows)
        {
            var row = new Row { RowIndex = number };
            for (var i = 0; i < cells.Length; i++)
            {
                if (cells[i] is not { } text) continue;
                var cell = new Cell();
                if (references) cell.CellReference = ColumnName(i) + number;
                if (text.StartsWith("=inline:", StringComparison.Ordinal))
                {
                    cell.DataType = CellValues.InlineString;
                    cell.InlineString = new InlineString(new Text(text["=inline:".Length..]));
                }
                else if (text.StartsWith("=n:", StringComparison.Ordinal)) cell.CellValue = new CellValue(text[3..]);
                else if (text.StartsWith("=p:", StringComparison.Ordinal))
                {
                    cell.CellValue = new CellValue(text[3..]);
                    cell.StyleIndex = 3;
                }
                else if (text.StartsWith("=b:", StringComparison.Ordinal))
                {
                    cell.DataType = CellValues.Boolean;
                    cell.CellValue = new CellValue(text[3..]);
                }
                else if (text.StartsWith("=d:", StringComparison.Ordinal))
                {
                    cell.CellValue = new CellValue(text[3..]);
                    cell.StyleIndex = 1;
                }
                else if (text.StartsWith("=cd:", StringComparison.Ordinal))
                {
                    cell.CellValue = new CellValue(text[4..]);
                    cell.StyleIndex = 2;
                }
                else
                {
                    var index = strings.IndexOf(text);
                    if (index < 0)
                    {
                        index = strings.Count;
                        strings.Add(text);
                        shared.SharedStringTable.AppendChild(new SharedStringItem(new Text(text)));
                    }
                    cell.DataType = CellValues.SharedString;
                    cell.CellValue = new CellValue(index.ToString(System.Globalization.CultureInfo.InvariantCulture));
                }
                row.AppendChild(cell);
            }
            data.AppendChild(row);
        }
        sheetPart.Worksheet = new Worksheet(data);
        workbook.Workbook.AppendChild(new Sheets(new Sheet { Id = workbook.GetIdOfPart(sheetPart), SheetId = 1, Name = "团队" }));
        workbook.Workbook.Save();
    }

    private static string ColumnName(int index) => Teams.ColumnLetters.Of(index);
}
