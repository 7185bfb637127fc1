namespace Appraisal.Ledger.Replay;

/// <summary>A batch replay: every record's outcome, and how many of each status.</summary>
public sealed record ReplaySummary(IReadOnlyList<ReplayOutcome> Outcomes)
{
    public int Count(ReplayStatus status) => Outcomes.Count(o => o.Status == status);

    /// <summary>True when every record replayed to exactly what was recorded.</summary>
    public bool AllIdentical => Outcomes.All(o => o.Status == ReplayStatus.Identical);
}
