using System.Globalization;
using System.Text.RegularExpressions;
using Appraisal.Policy.Semantics;
using Newtonsoft.Json.Linq;

namespace Appraisal.Impact.Teams;

/// <summary>
/// A cell's text as the JSON value the fact reader reads for an input of a given type. Numbers stay text (the reader
/// takes <c>"3.2%"</c>, <c>"1000元"</c>, <c>"24h"</c> and exact decimals); a workbook's number in exponent form is
/// written out exactly; booleans are <c>true</c>/<c>false</c>/<c>是</c>/<c>否</c> or an Excel boolean; dates are
/// <c>2026-03-20</c>, <c>2026/3/20</c> or an Excel date. Anything else is passed on as text, so the reader says what
/// it expected.
/// </summary>
internal static partial class TeamCells
{
    [GeneratedRegex(@"^(?<y>\d{4})[-/.](?<m>\d{1,2})[-/.](?<d>\d{1,2})$")]
    private static partial Regex DatePattern();

    public static JToken ToJson(TeamCell cell, PolicyType type, bool date1904)
    {
        var text = type == PolicyType.Text ? cell.Text : cell.Text.Trim();
        switch (type)
        {
            case NumericType:
                return new JValue(cell.Kind is TeamCellKind.Number or TeamCellKind.DateSerial ? ExactNumber(text) : text);
            case SimpleType { Name: "bool" }:
                if (cell.Kind == TeamCellKind.Bool) return new JValue(text == "1");
                if (text.Equals("true", StringComparison.OrdinalIgnoreCase) || text == "是") return new JValue(true);
                if (text.Equals("false", StringComparison.OrdinalIgnoreCase) || text == "否") return new JValue(false);
                return new JValue(text);
            case SimpleType { Name: "date" }:
                if (cell.Kind is TeamCellKind.DateSerial or TeamCellKind.Number && SerialDate(text, date1904) is { } date)
                    return new JValue(date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                var match = DatePattern().Match(text);
                if (match.Success) return new JValue($"{match.Groups["y"].Value}-{match.Groups["m"].Value.PadLeft(2, '0')}-{match.Groups["d"].Value.PadLeft(2, '0')}");
                return new JValue(text);
            default:
                return new JValue(cell.Kind == TeamCellKind.Number ? ExactNumber(text) : text);
        }
    }

    /// <summary>A workbook's stored number (<c>1.5E-3</c>) as a plain decimal (<c>0.0015</c>), exactly; other text as it is.</summary>
    public static string ExactNumber(string text) =>
        text.Contains('E', StringComparison.OrdinalIgnoreCase)
        && decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            ? value.ToString(CultureInfo.InvariantCulture)
            : text;

    /// <summary>The day of an Excel date serial (its whole part; the time of day is dropped).</summary>
    public static DateOnly? SerialDate(string text, bool date1904)
    {
        if (!decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var serial) || serial < 0 || serial > 2_958_465) return null;
        var days = (int)decimal.Floor(serial);
        // The 1900 system counts 1900-02-29, which did not exist: from day 61 on, day 0 is 1899-12-30.
        if (date1904) return new DateOnly(1904, 1, 1).AddDays(days);
        return days >= 61 ? new DateOnly(1899, 12, 30).AddDays(days) : days >= 1 ? new DateOnly(1899, 12, 31).AddDays(days) : null;
    }
}
