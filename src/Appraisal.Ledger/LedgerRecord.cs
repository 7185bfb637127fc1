namespace Appraisal.Ledger;

/// <summary>
/// One recorded evaluation: who (subject), when (period), under which policy version, from which request, what was
/// given (facts as the caller sent them), what came out (outputs) and why (explanation). Records are append-only:
/// recording the same subject, policy and period again adds a revision; nothing is ever updated by an evaluation.
/// </summary>
public sealed record LedgerRecord
{
    /// <summary>The caller's idempotency key, unique in the whole ledger: a retry with it never records twice.</summary>
    public required string RequestId { get; init; }
    public required string SubjectId { get; init; }
    /// <summary>The policy id, e.g. <c>quarterly-pay/季度绩效工资</c>.</summary>
    public required string PolicyId { get; init; }
    /// <summary>The appraised period in canonical form (<c>2026-Q1</c>, <c>2026-H1</c>, <c>2026-03</c>, <c>2026</c>).</summary>
    public required string Period { get; init; }
    /// <summary>The content hash of the policy version that answered.</summary>
    public required string PolicyVersion { get; init; }
    /// <summary>The version the policy declares (<c>version 2026.1</c>), or empty.</summary>
    public string DeclaredVersion { get; init; } = "";
    /// <summary>The facts exactly as given; null once erased by retention.</summary>
    public string? FactsJson { get; init; }
    /// <summary>The outputs as one JSON object of name → value (numbers as exact decimal strings): what later periods read.</summary>
    public required string OutputsJson { get; init; }
    /// <summary>The outputs with their types, as a JSON array of <c>{name, type, value, missing}</c>, for replies and audit.</summary>
    public string OutputsDetailJson { get; init; } = "[]";
    /// <summary>The explanation as data (JSON); null once erased by retention.</summary>
    public string? ExplanationJson { get; init; }
    /// <summary>The explanation as text in <see cref="Language"/>; null once erased by retention.</summary>
    public string? ExplanationText { get; init; }
    /// <summary><c>en</c> or <c>zh</c>: the language of <see cref="ExplanationText"/>.</summary>
    public string Language { get; init; } = "en";
    /// <summary>
    /// A fingerprint of what was asked (policy, subject, period, facts, earlier periods), to tell a retry from a clash of
    /// ids; compared only for equality here. The service writes <c>v2:</c> + the hash of the request's meaning; one
    /// without a prefix was written before v2, of the request's spelling (the service still recognises its retries).
    /// </summary>
    public required string RequestHash { get; init; }
    /// <summary>Where earlier periods came from: <c>none</c>, <c>request</c> or <c>ledger</c>.</summary>
    public string HistorySource { get; init; } = "none";
    /// <summary>When the record was made (set by the caller's clock, stored to the microsecond, UTC).</summary>
    public required DateTimeOffset RecordedAt { get; init; }
    /// <summary>1 for the first record of a subject, policy and period, then 2, 3 …; assigned by the ledger.</summary>
    public int Revision { get; init; }
    /// <summary>When retention erased the facts and explanation; null while they are kept.</summary>
    public DateTimeOffset? ErasedAt { get; init; }
    /// <summary>The engine that evaluated (<see cref="Engine.Versions.EngineVersion.Current"/>); empty in records written before it was kept.</summary>
    public string EngineVersion { get; init; } = "";
    /// <summary>
    /// Why that version answered: <c>pinned</c> (the caller asked for it), <c>served</c> (the version the host served,
    /// e.g. the file in its policy directory) or <c>published:N</c> (publication N was in force for the period); empty in
    /// records written before it was kept.
    /// </summary>
    public string VersionBasis { get; init; } = "";
    /// <summary>The earlier periods the evaluation read, as one JSON object of period → outputs (whether given or read
    /// from the ledger), so a replay reads exactly them; null when it read none.</summary>
    public string? EarlierJson { get; init; }
    /// <summary>For a member of a group evaluated together, the group's request id (a replay evaluates the whole group); null otherwise.</summary>
    public string? GroupId { get; init; }
}
