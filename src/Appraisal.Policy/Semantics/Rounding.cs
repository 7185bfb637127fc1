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

    /// <summary>Rounds <paramref name="value"/> to a multiple of <paramref name="precision"/> (e.g. 0.01, 1, 0.5).</summary>
    public static decimal Apply(decimal value, decimal precision, RoundingMode mode)
    {
        if (precision <= 0) throw new ArgumentOutOfRangeException(nameof(precision), "precision must be positive");
        var units = value / precision;
        var rounded = mode switch
        {
            RoundingMode.HalfUp => Math.Round(units, MidpointRounding.AwayFromZero),
            RoundingMode.HalfEven => Math.Round(units, MidpointRounding.ToEven),
            RoundingMode.Up => units >= 0 ? Math.Ceiling(units) : Math.Floor(units),
            _ => Math.Truncate(units),
        };
        return rounded * precision;
    }
}
