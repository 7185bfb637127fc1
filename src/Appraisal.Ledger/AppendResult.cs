namespace Appraisal.Ledger;

/// <summary>The outcome of an append: the stored record (for a replay or a conflict, the earlier one).</summary>
public sealed record AppendResult(AppendStatus Status, LedgerRecord Record);
