namespace Appraisal.Policy.Semantics;

public static class Rounding
{
    public static RoundingMode? Parse(string word) => word switch
    {
        "half_up" or "四舍五入" => RoundingMode.HalfUp,
        "half_even" or "银行家舍入" => RoundingMode.HalfEven,
        "up" or "进位" => RoundingMode.Up,
        "down" or "舍去" => RoundingMode.Down,
        _ => null,
    };

    public static string Words => "half_up (四舍五入), half_even (银行家舍入), up (进位), down (舍去)";

    /// <summary>
    /// Rounds <paramref name="value"/> to a multiple of <paramref name="precision"/> (e.g. 0.01, 1, 0.5): the value in
    /// units of the precision is rounded to a whole number by <paramref name="mode"/> and multiplied back, so the result
    /// has the precision's scale (<c>700</c> to 0.01 is <c>700.00</c>). <see cref="OverflowException"/> when the value in
    /// units does not fit a decimal.
    /// </summary>
    public static decimal Apply(decimal value, decimal precision, RoundingMode mode)
    {
        // The usual case — half up or half even to 1, 0.1, 0.01 … of an amount below 10^20 — without dividing: the same
        // value and scale (value × 10^places is exact there), at a fraction of a decimal division's cost.
        if (mode is RoundingMode.HalfUp or RoundingMode.HalfEven && PlacesOf(precision) is var places and >= 0
            && value < Small && value > -Small)
        {
            var rounded = Math.Round(value, places, mode == RoundingMode.HalfUp ? MidpointRounding.AwayFromZero : MidpointRounding.ToEven);
            // Rounding leaves at most `places` decimals; fewer (700 to 0.01) are padded to the precision's scale.
            if (rounded.Scale < places) rounded += Zeros[places];
            // −0.001 to 0.01 is −0.00, as by dividing (a decimal zero keeps a sign).
            return decimal.IsNegative(value) && rounded == 0m ? new decimal(0, 0, 0, isNegative: true, (byte)places) : rounded;
        }
        if (precision <= 0) throw new ArgumentOutOfRangeException(nameof(precision), "precision must be positive");
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

    private const decimal Small = 100_000_000_000_000_000_000m; // 10^20: with at most 8 places, 28 digits

    /// <summary>Zero with 0 … 8 decimal places: adding it gives a result of at least that scale.</summary>
    private static readonly decimal[] Zeros = [.. Enumerable.Range(0, 9).Select(places => new decimal(0, 0, 0, false, (byte)places))];

    /// <summary>k when <paramref name="precision"/> is exactly 10^-k written with k places (1, 0.1 … 0.00000001), else -1.</summary>
    private static int PlacesOf(decimal precision)
    {
        var places = precision.Scale;
        // Equal to 10^-k and written with k places: its digits are exactly 1.
        return places <= 8 && precision == Ones[places] ? places : -1;
    }

    /// <summary>1, 0.1 … 0.00000001, each written with its own number of places.</summary>
    private static readonly decimal[] Ones = [.. Enumerable.Range(0, 9).Select(places => new decimal(1, 0, 0, false, (byte)places))];
}
