namespace Appraisal.Impact.Recorded;

/// <summary>How a <see cref="RecordedPopulation"/> is read.</summary>
public sealed record RecordedPopulationOptions
{
    public static RecordedPopulationOptions Default { get; } = new();

    /// <summary>
    /// Whether the versions compared have rules over earlier periods: each member then carries the earlier periods its
    /// record kept, and a record that read earlier periods without keeping them (written before the ledger kept them)
    /// is skipped rather than evaluated with none. When false, earlier periods are not read at all.
    /// </summary>
    public bool EarlierPeriods { get; init; } = true;

    /// <summary>The most records (every revision counted) read for the period; more is refused rather than cut short.</summary>
    public int MaxRecords { get; init; } = 1_000_000;

    /// <summary>How many subject ids each skip reason lists as examples.</summary>
    public int MaxExamples { get; init; } = 5;
}
