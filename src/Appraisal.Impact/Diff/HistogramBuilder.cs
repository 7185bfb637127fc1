namespace Appraisal.Impact.Diff;

/// <summary>
/// Bins for a histogram of two series (before and after) over the same range: at most about 20 bins of a round width
/// (1, 2 or 5 times a power of ten, never finer than either series' quantum), starting at a multiple of the width.
/// </summary>
internal static class HistogramBuilder
{
    private const int TargetBins = 20;

    public static Histogram Build(DiffOutput output, ValueCounter old, ValueCounter @new)
    {
        var keys = old.Counts.Keys.Concat(@new.Counts.Keys).ToList();
        if (keys.Count == 0) return new Histogram(output.Name, output.Kind, 0, []);
        var (min, max) = (keys.Min(), keys.Max());
        var quantum = Math.Max(old.Quantum, @new.Quantum);
        var width = Normal(Width((max - min) / TargetBins, quantum));
        var origin = decimal.Floor(min / width) * width;
        var count = (int)decimal.Floor((max - origin) / width) + 1;
        var oldBins = new int[count];
        var newBins = new int[count];
        foreach (var (value, n) in old.Counts) oldBins[(int)decimal.Floor((value - origin) / width)] += n;
        foreach (var (value, n) in @new.Counts) newBins[(int)decimal.Floor((value - origin) / width)] += n;
        var bins = Enumerable.Range(0, count)
            .Select(i => new HistogramBin(Normal(origin + i * width), Normal(origin + (i + 1) * width), oldBins[i], newBins[i])).ToList();
        return new Histogram(output.Name, output.Kind, width, bins);
    }

    /// <summary>The value without trailing zeros (10.00 → 10): bins are written as the round numbers they are.</summary>
    private static decimal Normal(decimal value) => value / 1.0000000000000000000000000000m;

    /// <summary>The smallest round width (1, 2, 5 × 10ⁿ) at least <paramref name="raw"/> and the quantum, and at least 0.01.</summary>
    private static decimal Width(decimal raw, decimal quantum)
    {
        var floor = Math.Max(0.01m, quantum);
        if (raw <= floor) return floor;
        var power = 0.01m;
        while (power * 10 <= raw) power *= 10;
        foreach (var step in (decimal[])[1, 2, 5, 10])
            if (power * step >= raw) return power * step;
        return power * 10;
    }
}
