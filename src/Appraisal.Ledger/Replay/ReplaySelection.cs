namespace Appraisal.Ledger.Replay;

/// <summary>Which records a batch replay takes: every filter set must match (at least one must be set).</summary>
public sealed record ReplaySelection
{
    public string? Period { get; init; }
    public string? SubjectId { get; init; }
    public string? PolicyId { get; init; }
    /// <summary>The most records replayed in one batch.</summary>
    public int Limit { get; init; } = 100_000;
}
