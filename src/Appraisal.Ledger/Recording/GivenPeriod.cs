namespace Appraisal.Ledger.Recording;

/// <summary>An earlier period's outputs as a caller gave them: the period (canonical) and its outputs as JSON text.</summary>
public sealed record GivenPeriod(string Period, string OutputsJson);
