using System.Globalization;
using Appraisal.Policy.Semantics;

namespace Appraisal.Engine.Values;

/// <summary>Renders values with their units, as an employee reads them: 3.2%, 1000.00 yuan, 91 分.</summary>
public static class ValueFormat
{
    public static string Format(Value value, PolicyType type, bool chinese = false)
    {
        // Lists and records show each value in its own unit (a duration inside a list record stays a duration).
        if (value.Kind == ValueKind.List && type is ListType list)
            return "[" + string.Join(", ", value.AsList.Select(item => Format(item, list.Element, chinese))) + "]";
        if (value.Kind == ValueKind.Record && type is RecordType record && value.AsRecord.Fields.Length == record.Fields.Length)
            return "{" + string.Join(", ", record.Fields.Select((f, i) => $"{f.Name}: {Format(value.AsRecord.Fields[i], f.Type, chinese)}")) + "}";
        if (value.IsMissing) return chinese ? "未提供" : "not given";
        if (value.Kind != ValueKind.Number) return value.ToString();
        var number = value.AsNumber;
        return type switch
        {
            NumericType { Kind: NumberKind.Percent, IsDimensionless: true } => Percent(number) + "%",
            NumericType { Dimension: { Money: 1, Points: 0, Duration: 0 } } => chinese ? Plain(number) + " 元" : Plain(number) + " yuan",
            NumericType { Dimension: { Money: 0, Points: 1, Duration: 0 } } => chinese ? Plain(Trim(number)) + " 分" : Plain(Trim(number)) + " pts",
            NumericType { Dimension: { Money: 0, Points: 0, Duration: 1 } } => chinese ? Plain(Trim(number)) + " 小时" : Plain(Trim(number)) + "h",
            NumericType { IsDimensionless: false } derived => Plain(Trim(number)) + " " + DerivedUnit(derived.Dimension, chinese),
            _ => Plain(Trim(number)),
        };
    }

    /// <summary>A derived unit as a person writes it: 元/分, pts/yuan, 元/小时, yuan·pts.</summary>
    public static string DerivedUnit(Dimension dimension, bool chinese)
    {
        var up = new List<string>();
        var down = new List<string>();
        void Add(int exponent, string zh, string enPlural, string enSingular)
        {
            if (exponent == 0) return;
            var (list, name) = exponent > 0 ? (up, chinese ? zh : enPlural) : (down, chinese ? zh : enSingular);
            list.Add(Math.Abs(exponent) == 1 ? name : name + "^" + Math.Abs(exponent));
        }
        Add(dimension.Money, "元", "yuan", "yuan");
        Add(dimension.Points, "分", "pts", "pt");
        Add(dimension.Duration, "小时", "h", "h");
        var top = up.Count == 0 ? "1" : string.Join("·", up);
        return down.Count == 0 ? top : top + "/" + string.Join("/", down);
    }

    /// <summary>
    /// A fraction as a number of per cent (0.0525 → 5.25), by moving the decimal point two places rather than
    /// multiplying, so that no decimal is too large to be shown.
    /// </summary>
    public static string Percent(decimal fraction)
    {
        var text = Plain(Trim(fraction));
        var negative = text.StartsWith('-');
        if (negative) text = text[1..];
        var point = text.IndexOf('.');
        var digits = point < 0 ? text : text.Remove(point, 1);
        var integerDigits = (point < 0 ? text.Length : point) + 2;
        if (digits.Length < integerDigits) digits = digits.PadRight(integerDigits, '0');
        var whole = digits[..integerDigits].TrimStart('0');
        var fractionDigits = digits[integerDigits..].TrimEnd('0');
        var result = (whole.Length == 0 ? "0" : whole) + (fractionDigits.Length > 0 ? "." + fractionDigits : "");
        return negative && result != "0" ? "-" + result : result;
    }

    /// <summary>Drops trailing zeros (91.0 → 91); money keeps its scale, as it is rounded where stated.</summary>
    public static decimal Trim(decimal number) => number / 1.000000000000000000000000000000000m;

    /// <summary>A decimal without exponent, keeping its scale (1000.00 stays 1000.00).</summary>
    public static string Plain(decimal number) => number.ToString(CultureInfo.InvariantCulture);
}
