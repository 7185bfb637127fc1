using System.Globalization;
using System.Numerics;

namespace Appraisal.Engine.Facts;

/// <summary>
/// A JSON number literal as a decimal, exactly as written (scale included), or what keeps it from being one: one rule
/// for every source, so a number reads the same from JSON text and from a double held in memory (a <c>JObject</c>'s,
/// a <c>google.protobuf.Struct</c>'s), which is read as its shortest round-trip text.
/// </summary>
internal static class JsonNumbers
{
    /// <summary>
    /// <see cref="FactToken.Number"/> with the value; <see cref="FactToken.TooLarge"/> when no decimal holds it;
    /// <see cref="FactToken.TooSmall"/> when it is not zero but closer to 0 than a decimal can hold.
    /// </summary>
    public static FactToken Read(ReadOnlySpan<char> text, out decimal value)
    {
        if (TryPlain(text, out value)) return FactToken.Number;
        if (!decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value)) return FactToken.TooLarge;
        if (value != 0m) return FactToken.Number;
        if (Underflows(text)) return FactToken.TooSmall;
        // 0e-400 is 0, not 0 at the largest scale a decimal has.
        if (text.IndexOfAny('e', 'E') >= 0) value = 0m;
        return FactToken.Number;
    }

    /// <summary>Up to 18 digits and an optional sign, the usual count or amount: read without the general parser.</summary>
    public static bool TryPlainInteger(ReadOnlySpan<byte> literal, out decimal value) => TryPlain(literal, out value);

    /// <summary>The same, over UTF-8 bytes or characters (one ASCII unit each).</summary>
    private static bool TryPlain<T>(ReadOnlySpan<T> literal, out decimal value) where T : unmanaged, IBinaryInteger<T>
    {
        value = 0m;
        var negative = literal.Length > 0 && int.CreateTruncating(literal[0]) == '-';
        var digits = negative ? literal[1..] : literal;
        if (digits.Length is 0 or > 18) return false;
        long n = 0;
        foreach (var unit in digits)
        {
            var d = int.CreateTruncating(unit) - '0';
            if ((uint)d > 9) return false;
            n = n * 10 + d;
        }
        value = negative ? -n : n;
        return true;
    }

    /// <summary>Read as 0, yet a digit before the exponent is not 0: too small for a decimal, not zero.</summary>
    private static bool Underflows(ReadOnlySpan<char> literal)
    {
        var exponent = literal.IndexOfAny('e', 'E');
        var mantissa = exponent < 0 ? literal : literal[..exponent];
        return mantissa.IndexOfAnyInRange('1', '9') >= 0;
    }
}
