namespace Appraisal.Ledger;

public sealed record RetentionResult(int Erased, int Deleted);
