namespace Appraisal.Policy.Semantics;

/// <summary>A closed range of possible values; null ends are unbounded.</summary>
public readonly record struct Interval(decimal? Low, decimal? High)
{
    public static readonly Interval Unbounded = new(null, null);
    public static Interval Point(decimal value) => new(value, value);

    public static Interval Union(Interval a, Interval b) =>
        new(a.Low is null || b.Low is null ? null : Math.Min(a.Low.Value, b.Low.Value),
            a.High is null || b.High is null ? null : Math.Max(a.High.Value, b.High.Value));
}
