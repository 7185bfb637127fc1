namespace Appraisal.Ledger.Replay;

/// <summary>One output whose replayed value is not the recorded one (null: absent on that side), values as the ledger writes them.</summary>
public sealed record OutputDifference(string Name, string? Recorded, string? Replayed);
