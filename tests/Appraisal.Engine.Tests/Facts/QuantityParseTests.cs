using System.Globalization;
using Appraisal.Engine.Facts;

namespace Appraisal.Engine.Tests.Facts;

/// <summary>
/// Quantities written as strings are read exactly: a short plain number takes a path of its own, which must give the
/// very decimal — value, scale and sign — that the general parser gives, so no fact reads differently for being short.
/// </summary>
public sealed class QuantityParseTests
{
    [Theory]
    [InlineData("6"), InlineData("6.50"), InlineData("-3.2"), InlineData("007"), InlineData("0"), InlineData("-0"), InlineData("0.000")]
    [InlineData("123456789012345678"), InlineData("1234567890123456789"), InlineData("0.000000000000000001"), InlineData("99999999999999999.9")]
    public void A_plain_number_reads_as_the_general_parser_reads_it(string text) => AssertSameAsParser(text);

    [Fact]
    public void Random_plain_numbers_of_every_length_read_as_the_general_parser_reads_them()
    {
        var random = new Random(20261204);
        for (var i = 0; i < 200_000; i++)
        {
            var digits = random.Next(1, 30);
            var chars = new char[digits];
            for (var d = 0; d < digits; d++) chars[d] = (char)('0' + random.Next(10));
            var text = new string(chars);
            var point = random.Next(digits + 1);
            if (point > 0 && point < digits) text = text[..point] + "." + text[point..];
            if (random.Next(4) == 0) text = "-" + text;
            AssertSameAsParser(text);
        }
    }

    [Theory]
    [InlineData("6."), InlineData(".5"), InlineData("1.2.3"), InlineData("-"), InlineData("--1"), InlineData("1e5"), InlineData("+1"), InlineData("1,000")]
    public void What_is_not_a_plain_number_is_not_read(string text) =>
        Assert.Equal(QuantityParse.Invalid, Quantities.Parse(text, QuantityUnit.Number, out _, out _));

    [Theory]
    [InlineData("6%", "0.06"), InlineData("6.50%", "0.065"), InlineData("32‰", "0.032"), InlineData("0.032", "0.032")]
    public void A_percent_string_is_the_fraction(string text, string fraction)
    {
        Assert.Equal(QuantityParse.Ok, Quantities.Parse(text, QuantityUnit.Percent, out var value, out _));
        Assert.Equal(decimal.Parse(fraction, CultureInfo.InvariantCulture), value);
    }

    [Fact]
    public void A_percent_or_per_mille_string_is_the_quotient_decimal_division_gives()
    {
        var random = new Random(20261205);
        for (var i = 0; i < 200_000; i++)
        {
            var digits = random.Next(1, 21);
            var number = new string([.. Enumerable.Range(0, digits).Select(_ => (char)('0' + random.Next(10)))]);
            var point = random.Next(digits + 1);
            if (point > 0 && point < digits) number = number[..point] + "." + number[point..];
            if (random.Next(4) == 0) number = "-" + number;
            if (!decimal.TryParse(number, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var parsed)) continue;
            foreach (var (sign, divisor) in new[] { ("%", 100m), ("‰", 1000m) })
            {
                Assert.Equal(QuantityParse.Ok, Quantities.Parse(number + sign, QuantityUnit.Percent, out var value, out var written));
                Assert.True(written);
                var expected = parsed / divisor;
                Assert.True(decimal.GetBits(expected).SequenceEqual(decimal.GetBits(value)),
                    $"{number}{sign}: read as {value} (scale {value.Scale}), division gives {expected} (scale {expected.Scale})");
            }
        }
    }

    private static void AssertSameAsParser(string text)
    {
        var parsed = Quantities.Parse(text, QuantityUnit.Number, out var value, out _);
        if (!decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var expected))
        {
            Assert.Equal(QuantityParse.TooLarge, parsed);
            return;
        }
        if (parsed == QuantityParse.TooPrecise) return; // more digits than a decimal holds: refused, not rounded
        Assert.Equal(QuantityParse.Ok, parsed);
        Assert.True(decimal.GetBits(expected).SequenceEqual(decimal.GetBits(value)),
            $"{text}: read as {value} (scale {value.Scale}), the parser gives {expected} (scale {expected.Scale})");
    }
}
