namespace Appraisal.Impact.Diff;

/// <summary>
/// What changed in one output over the subjects evaluated under both versions. Numeric outputs have totals and the
/// delta's total, mean (over every subject compared, rounded to 0.01 for money and 0.0001 otherwise), least and
/// greatest, and the largest changes; categories have their movements.
/// </summary>
public sealed record OutputSummary(DiffOutput Output, int Compared, int Changed)
{
    public int Increased { get; init; }
    public int Decreased { get; init; }
    public decimal? TotalOld { get; init; }
    public decimal? TotalNew { get; init; }
    public decimal? TotalDelta { get; init; }
    public decimal? MeanDelta { get; init; }
    public decimal? MinDelta { get; init; }
    public decimal? MaxDelta { get; init; }
    public IReadOnlyList<LargestChange> Largest { get; init; } = [];
    public IReadOnlyList<Movement> Movements { get; init; } = [];
}
