using Appraisal.Engine.Evaluation;

namespace Appraisal.Ledger.Replay;

/// <summary>
/// A recorded decision evaluated again from its kept version, facts and earlier periods.
/// </summary>
/// <param name="Record">The record replayed.</param>
/// <param name="Differences">The outputs that differ (empty unless <see cref="ReplayStatus.Different"/>).</param>
/// <param name="Reason">Why it could not be replayed (English), empty when it was.</param>
/// <param name="Outcome">The replayed outcome with its explanation (null when not replayed): a record's explanation is
/// regenerated from it.</param>
public sealed record ReplayOutcome(LedgerRecord Record, ReplayStatus Status, IReadOnlyList<OutputDifference> Differences, string Reason, Outcome? Outcome)
{
    /// <summary>The engine that replayed (the record says which engine evaluated the first time).</summary>
    public string EngineVersion { get; init; } = Engine.Versions.EngineVersion.Current;
}
