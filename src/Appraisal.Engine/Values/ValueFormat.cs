using System.Globalization;
using Appraisal.Policy.Semantics;

namespace Appraisal.Engine.Values;

/// <summary>Renders values with their units, as an employee reads them: 3.2%, 1000.00 yuan, 91 分.</summary>
public static class ValueFormat
{
    public static string Format(Value value, PolicyType type, bool chinese = false)
    {
        if (value.Kind != ValueKind.Number) return value.ToString();
        var number = value.AsNumber;
        return type switch
        {
            NumericType { Kind: NumberKind.Percent, IsDimensionless: true } => Plain(Trim(number * 100m)) + "%",
            NumericType { Dimension: { Money: 1, Points: 0, Duration: 0 } } => chinese ? Plain(number) + " 元" : Plain(number) + " yuan",
            NumericType { Dimension: { Money: 0, Points: 1, Duration: 0 } } => chinese ? Plain(Trim(number)) + " 分" : Plain(Trim(number)) + " pts",
            NumericType { Dimension: { Money: 0, Points: 0, Duration: 1 } } => chinese ? Plain(Trim(number)) + " 小时" : Plain(Trim(number)) + "h",
            _ => Plain(Trim(number)),
        };
    }

    /// <summary>Drops trailing zeros (91.0 → 91); money keeps its scale, as it is rounded where stated.</summary>
    public static decimal Trim(decimal number) => number / 1.000000000000000000000000000000000m;

    /// <summary>A decimal without exponent, keeping its scale (1000.00 stays 1000.00).</summary>
    public static string Plain(decimal number) => number.ToString(CultureInfo.InvariantCulture);
}
