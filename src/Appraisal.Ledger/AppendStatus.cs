namespace Appraisal.Ledger;

/// <summary>What <see cref="ILedger.AppendAsync"/> did.</summary>
public enum AppendStatus
{
    /// <summary>A new record (a new revision when the subject, policy and period had one already).</summary>
    Recorded,
    /// <summary>The request id was recorded before with the same request: nothing was written; the earlier record is returned.</summary>
    Replayed,
    /// <summary>The request id was recorded before for a different request: nothing was written; the earlier record is returned.</summary>
    Conflict,
}
