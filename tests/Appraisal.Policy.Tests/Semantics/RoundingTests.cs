using Appraisal.Policy.Semantics;

namespace Appraisal.Policy.Tests.Semantics;

/// <summary>
/// Rounding to a precision is defined as "the value in units of the precision, rounded to a whole number, times the
/// precision". The fast path for 1, 0.1 … 0.00000001 must give exactly that: the same value, the same scale (so
/// <c>700</c> rounded to 0.01 still prints <c>700.00</c>) and the same overflow, bit for bit.
/// </summary>
public sealed class RoundingTests
{
    private static decimal ByDefinition(decimal value, decimal precision, RoundingMode mode)
    {
        var units = value / precision;
        var whole = mode switch
        {
            RoundingMode.HalfUp => Math.Round(units, MidpointRounding.AwayFromZero),
            RoundingMode.HalfEven => Math.Round(units, MidpointRounding.ToEven),
            RoundingMode.Up => units >= 0 ? Math.Ceiling(units) : Math.Floor(units),
            _ => Math.Truncate(units),
        };
        return whole * precision;
    }

    private static readonly decimal[] Precisions = [1m, 0.1m, 0.01m, 0.001m, 0.0001m, 0.00000001m, 0.10m, 0.5m, 0.05m, 5m, 10m, 0.000000001m];

    [Theory]
    [InlineData("700", "0.01", "700.00")]
    [InlineData("2.345", "0.01", "2.35")]
    [InlineData("-2.345", "0.01", "-2.35")]
    [InlineData("2.5", "1", "3")]
    [InlineData("1.2", "0.01", "1.20")]
    public void Half_up_to_a_precision_keeps_the_precision_s_scale(string value, string precision, string expected)
    {
        var result = Rounding.Apply(decimal.Parse(value, System.Globalization.CultureInfo.InvariantCulture),
            decimal.Parse(precision, System.Globalization.CultureInfo.InvariantCulture), RoundingMode.HalfUp);
        Assert.Equal(expected, result.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Every_value_rounds_exactly_as_the_definition_says()
    {
        var random = new Random(20261203);
        for (var i = 0; i < 200_000; i++)
        {
            var value = RandomDecimal(random);
            var precision = Precisions[random.Next(Precisions.Length)];
            var mode = (RoundingMode)random.Next(4);
            var expected = Outcome(() => ByDefinition(value, precision, mode));
            var actual = Outcome(() => Rounding.Apply(value, precision, mode));
            Assert.True(expected == actual, $"{value} to {precision} {mode}: definition {expected}, Apply {actual}");
        }
    }

    /// <summary>The bits of the result (value, scale and sign), or the exception's type.</summary>
    private static string Outcome(Func<decimal> round)
    {
        try
        {
            return string.Join(",", decimal.GetBits(round()));
        }
        catch (OverflowException)
        {
            return "overflow";
        }
    }

    /// <summary>Amounts of every size and scale, midpoints, negatives and zeros with a sign and a scale.</summary>
    private static decimal RandomDecimal(Random random)
    {
        switch (random.Next(6))
        {
            case 0: // a midpoint at some number of places
                var places = random.Next(0, 9);
                return new decimal(random.Next(0, 1_000_000) * 10 + 5, 0, 0, random.Next(2) == 0, (byte)Math.Min(places + 1, 28));
            case 1: // zeros, with a sign and a scale
                return new decimal(0, 0, 0, random.Next(2) == 0, (byte)random.Next(0, 29));
            case 2: // near the edge of the fast path and of a decimal
                decimal[] edges = [99_999_999_999_999_999_999.995m, 100_000_000_000_000_000_000m, -99_999_999_999_999_999_999.995m,
                    decimal.MaxValue, decimal.MinValue, 792_281_625_142_643_375_935_439_503.35m, 7_922_816_251_426_433_759_354_395.0335m];
                return edges[random.Next(edges.Length)];
            default: // any 96-bit mantissa at any scale
                return new decimal(random.Next(), random.Next(), random.Next(0, random.Next(2) == 0 ? 10 : int.MaxValue), random.Next(2) == 0, (byte)random.Next(0, 29));
        }
    }
}
