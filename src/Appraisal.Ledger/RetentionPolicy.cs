namespace Appraisal.Ledger;

/// <summary>
/// How long personal data is kept. Facts and explanations older than <see cref="FactsFor"/> are erased (the record,
/// its outputs and its audit trail stay); whole records older than <see cref="RecordsFor"/> are deleted. Null: kept.
/// </summary>
public sealed record RetentionPolicy(TimeSpan? FactsFor, TimeSpan? RecordsFor);
