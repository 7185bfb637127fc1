using System.Globalization;
using Appraisal.Engine.Planning;
using Appraisal.Impact.Reports;
using Appraisal.Policy.Semantics;
using CsvHelper;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace Appraisal.Impact.Teams;

/// <summary>
/// A group's results as a team file: one row per member — the subject id, then one column per output of the policy,
/// in its order — as CSV (UTF-8 with a byte order mark, for Excel) or .xlsx (written with <see cref="OpenXmlWriter"/>,
/// row by row). Values as outputs are written in JSON: numbers exact (in .xlsx as number cells holding that decimal
/// text), enums by member, booleans, dates <c>2026-03-20</c>; lists and records as JSON text; a missing value empty.
/// </summary>
public static class TeamResults
{
    /// <summary>Writes the results; <paramref name="members"/> are (member id, outputs as a JSON object of name → value).</summary>
    public static void Write(Stream stream, TeamFormat format, PolicyPlan plan, IEnumerable<(string Id, JObject Outputs)> members, string subjectHeader = "工号")
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(members);
        var outputs = plan.Outputs.Select(o => (o.Name, o.Type)).ToList();
        if (format == TeamFormat.Csv) WriteCsv(stream, outputs, members, subjectHeader);
        else WriteXlsx(stream, outputs, members, subjectHeader);
    }

    private static void WriteCsv(Stream stream, List<(string Name, PolicyType Type)> outputs, IEnumerable<(string Id, JObject Outputs)> members, string subjectHeader)
    {
        using var writer = CsvWriter.Create(stream, new CsvWriterOptions { WriteByteOrderMark = true }, leaveOpen: true);
        writer.WriteField(subjectHeader);
        foreach (var (name, _) in outputs) writer.WriteField(name);
        writer.EndRecord();
        foreach (var (id, values) in members)
        {
            writer.WriteField(DiffCsv.Safe(id));
            foreach (var (name, _) in outputs)
            {
                var value = values[name];
                writer.WriteField(value is { Type: JTokenType.Boolean } ? ((bool)value ? "true" : "false") : DiffCsv.Safe(Text(value).Text));
            }
            writer.EndRecord();
        }
        writer.Flush();
    }

    private static void WriteXlsx(Stream stream, List<(string Name, PolicyType Type)> outputs, IEnumerable<(string Id, JObject Outputs)> members, string subjectHeader)
    {
        using var document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook);
        var workbook = document.AddWorkbookPart();
        var sheet = workbook.AddNewPart<WorksheetPart>();
        using (var writer = OpenXmlWriter.Create(sheet))
        {
            writer.WriteStartElement(new Worksheet());
            writer.WriteStartElement(new SheetData());
            var row = 1u;
            WriteRow(writer, row++, [(subjectHeader, CellValues.InlineString), .. outputs.Select(o => (o.Name, CellValues.InlineString))]);
            foreach (var (id, values) in members)
                WriteRow(writer, row++, [(id, CellValues.InlineString), .. outputs.Select(o => Text(values[o.Name]))]);
            writer.WriteEndElement();
            writer.WriteEndElement();
        }
        workbook.Workbook = new Workbook(new Sheets(new Sheet { Id = workbook.GetIdOfPart(sheet), SheetId = 1, Name = "results" }));
        workbook.Workbook.Save();
    }

    private static void WriteRow(OpenXmlWriter writer, uint number, IReadOnlyList<(string Text, CellValues Type)> cells)
    {
        writer.WriteStartElement(new Row { RowIndex = number });
        for (var i = 0; i < cells.Count; i++)
        {
            var (text, type) = cells[i];
            if (text.Length == 0) continue;
            var reference = ColumnLetters.Of(i) + number.ToString(CultureInfo.InvariantCulture);
            var cell = type == CellValues.InlineString
                ? new Cell { CellReference = reference, DataType = CellValues.InlineString, InlineString = new InlineString(new Text(text)) }
                : new Cell { CellReference = reference, DataType = type, CellValue = new CellValue(text) };
            writer.WriteElement(cell);
        }
        writer.WriteEndElement();
    }

    /// <summary>An output's JSON value as a cell's text and kind.</summary>
    private static (string Text, CellValues Type) Text(JToken? value) => value switch
    {
        null or { Type: JTokenType.Null } => ("", CellValues.InlineString),
        { Type: JTokenType.Boolean } => ((bool)value ? "1" : "0", CellValues.Boolean),
        JValue { Type: JTokenType.String } s when IsNumber((string)s!) => ((string)s!, CellValues.Number),
        JValue { Type: JTokenType.String } s => ((string)s!, CellValues.InlineString),
        JValue v => (Convert.ToString(v.Value, CultureInfo.InvariantCulture) ?? "", CellValues.Number),
        _ => (value.ToString(Formatting.None), CellValues.InlineString),
    };

    /// <summary>An exact decimal as the outputs write numbers (<c>-12.50</c>).</summary>
    private static bool IsNumber(string text) =>
        text.Length > 0 && decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out _)
        && (char.IsAsciiDigit(text[0]) || text[0] == '-' && text.Length > 1);
}
