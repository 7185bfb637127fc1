using System.Globalization;
using Appraisal.Policy.Semantics;

namespace Appraisal.Engine.Facts;

/// <summary>
/// Reads the string forms of numbers in facts, exactly as decimals: <c>"1000.50"</c>, <c>"1000 yuan"</c>,
/// <c>"¥1000"</c>, <c>"3.2%"</c>, <c>"20分"</c>, <c>"24h"</c>, <c>"3天"</c>. The number itself is written like a
/// policy literal: an optional minus sign, ASCII digits, an optional point and digits; no exponent, no separators.
/// </summary>
internal static class Quantities
{
    public static QuantityUnit UnitOf(NumericType type) => type switch
    {
        { Dimension: { Money: 1, Points: 0, Duration: 0 } } => QuantityUnit.Money,
        { Dimension: { Money: 0, Points: 1, Duration: 0 } } => QuantityUnit.Points,
        { Dimension: { Money: 0, Points: 0, Duration: 1 } } => QuantityUnit.Duration,
        { IsDimensionless: true, Kind: NumberKind.Percent } => QuantityUnit.Percent,
        { IsDimensionless: true, Kind: NumberKind.Count } => QuantityUnit.Count,
        _ => QuantityUnit.Number,
    };

    private static readonly (string Suffix, decimal HoursEach)[] DurationSuffixes =
    [
        ("小时", 1m), ("分钟", 0m), ("天", 24m), ("min", 0m), ("h", 1m), ("d", 24m),
    ];

    private static readonly string[] PointsSuffixes = ["分", "pts", "pt"];
    private static readonly string[] MoneySuffixes = ["yuan", "元"];

    /// <summary>
    /// Parses <paramref name="text"/> as a quantity of <paramref name="unit"/>; <paramref name="percentWritten"/> tells
    /// whether a percent was written with <c>%</c> (then 3.2% is 0.032) rather than as the fraction itself.
    /// </summary>
    public static QuantityParse Parse(ReadOnlySpan<char> text, QuantityUnit unit, out decimal value, out bool percentWritten)
    {
        value = 0m;
        percentWritten = false;
        var s = text.Trim();
        var factor = 1m;
        var divideBy60 = false;
        var perMille = false;
        switch (unit)
        {
            case QuantityUnit.Money:
                if (s.StartsWith('¥') || s.StartsWith('￥')) s = s[1..].TrimStart();
                else if (StripSuffix(ref s, MoneySuffixes) is null) { /* a plain number of yuan */ }
                break;
            case QuantityUnit.Points:
                StripSuffix(ref s, PointsSuffixes);
                break;
            case QuantityUnit.Percent:
                if (s.EndsWith('%') || s.EndsWith('％'))
                {
                    s = s[..^1].TrimEnd();
                    percentWritten = true;
                }
                else if (s.EndsWith('‰'))
                {
                    s = s[..^1].TrimEnd();
                    percentWritten = true;
                    perMille = true;
                }
                break;
            case QuantityUnit.Duration:
                foreach (var (suffix, hours) in DurationSuffixes)
                {
                    if (!s.EndsWith(suffix, StringComparison.Ordinal)) continue;
                    s = s[..^suffix.Length].TrimEnd();
                    if (hours == 0m) divideBy60 = true;
                    else factor = hours;
                    break;
                }
                break;
        }

        var isShort = TryShortPlain(s, out var mantissa, out var scale, out var negative);
        if (isShort && (perMille || percentWritten))
        {
            value = Fraction(mantissa, scale, negative, perMille ? 3 : 2);
            return QuantityParse.Ok;
        }
        decimal number;
        if (isShort) number = new decimal((int)(mantissa & 0xFFFFFFFF), (int)(mantissa >> 32), 0, negative, (byte)scale);
        else
        {
            if (!IsPlainNumber(s)) return QuantityParse.Invalid;
            if (!decimal.TryParse(s, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out number))
                return QuantityParse.TooLarge;
            if (number.Scale < SignificantDecimals(s)) return QuantityParse.TooPrecise; // decimal.Parse rounded it
        }
        try
        {
            value = perMille ? number / 1000m : percentWritten ? number / 100m : divideBy60 ? number / 60m : number * factor;
        }
        catch (OverflowException)
        {
            return QuantityParse.TooLarge;
        }
        return QuantityParse.Ok;
    }

    private static string? StripSuffix(ref ReadOnlySpan<char> s, string[] suffixes)
    {
        foreach (var suffix in suffixes)
        {
            if (!s.EndsWith(suffix, StringComparison.Ordinal)) continue;
            s = s[..^suffix.Length].TrimEnd();
            return suffix;
        }
        return null;
    }

    /// <summary>
    /// The usual quantity — a plain number of at most 18 digits that is not zero — read without the general parser,
    /// as the digits without the point (<paramref name="mantissa"/>) and the digits after it (<paramref name="scale"/>):
    /// the very decimal, scale included, that <c>decimal.Parse</c> gives (<c>"6.50"</c> is 650 at scale 2). False for
    /// anything else, which the general path reads.
    /// </summary>
    private static bool TryShortPlain(ReadOnlySpan<char> s, out long mantissa, out int scale, out bool negative)
    {
        mantissa = 0;
        scale = -1;
        negative = s.Length > 0 && s[0] == '-';
        var digits = 0;
        for (var i = negative ? 1 : 0; i < s.Length; i++)
        {
            var c = s[i];
            if (c == '.' && scale < 0 && digits > 0 && i + 1 < s.Length)
            {
                scale = 0;
                continue;
            }
            var d = c - '0';
            if ((uint)d > 9 || ++digits > 18) return false;
            mantissa = mantissa * 10 + d;
            if (scale >= 0) scale++;
        }
        scale = Math.Max(scale, 0);
        return digits > 0 && mantissa != 0;
    }

    private static readonly long[] PowersOfTen = [1, 10, 100, 1000];

    /// <summary>
    /// <paramref name="mantissa"/> × 10^-<paramref name="scale"/> divided by 10^<paramref name="places"/> (a percent,
    /// a per-mille), exactly as decimal division gives it: the smallest scale from the number's own up that holds the
    /// quotient exactly (6.0 / 100 is 0.06; 120.50 / 100 is 1.205; 100 / 100 is 1).
    /// </summary>
    private static decimal Fraction(long mantissa, int scale, bool negative, int places)
    {
        var added = 0;
        while (added < places && mantissa % PowersOfTen[places - added] != 0) added++;
        var quotient = mantissa / PowersOfTen[places - added];
        return new decimal((int)(quotient & 0xFFFFFFFF), (int)(quotient >> 32), 0, negative, (byte)(scale + added));
    }

    /// <summary>An optional minus sign, ASCII digits, and optionally a point followed by ASCII digits.</summary>
    public static bool IsPlainNumber(ReadOnlySpan<char> s)
    {
        var i = 0;
        if (i < s.Length && s[i] == '-') i++;
        var start = i;
        while (i < s.Length && char.IsAsciiDigit(s[i])) i++;
        if (i == start) return false;
        if (i == s.Length) return true;
        if (s[i] != '.') return false;
        i++;
        var fraction = i;
        while (i < s.Length && char.IsAsciiDigit(s[i])) i++;
        return i > fraction && i == s.Length;
    }

    /// <summary>Digits after the point, not counting trailing zeros: what must survive parsing for the value to be exact.</summary>
    private static int SignificantDecimals(ReadOnlySpan<char> s)
    {
        var point = s.IndexOf('.');
        if (point < 0) return 0;
        var end = s.Length;
        while (end > point + 1 && s[end - 1] == '0') end--;
        return end - point - 1;
    }

    /// <summary>Drops trailing zeros for messages: 100.00 → 100.</summary>
    public static decimal Normalize(decimal value) => value / 1.000000000000000000000000000000000m;

    /// <summary>A range bound as the policy would write it: 0%, 5000 yuan, 24h, 5.</summary>
    public static string Bound(decimal value, NumericType type, bool chinese) => UnitOf(type) switch
    {
        QuantityUnit.Percent => Plain(Normalize(value * 100m)) + "%",
        QuantityUnit.Money => Plain(Normalize(value)) + (chinese ? " 元" : " yuan"),
        QuantityUnit.Duration => Plain(Normalize(value)) + (chinese ? " 小时" : "h"),
        _ => Plain(Normalize(value)),
    };

    public static string Plain(decimal value) => value.ToString(CultureInfo.InvariantCulture);
}
