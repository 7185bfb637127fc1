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
}

/// <summary>How ledger times are written for people and callers: RFC 3339 in UTC, to the microsecond the ledger keeps.</summary>
public static class LedgerTime
{
    public static string Format(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", System.Globalization.CultureInfo.InvariantCulture);
}

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

/// <summary>The outcome of an append: the stored record (for a replay or a conflict, the earlier one).</summary>
public sealed record AppendResult(AppendStatus Status, LedgerRecord Record);

/// <summary>
/// Records of one subject, optionally narrowed to one policy and a period range (inclusive, same period kind as the
/// bounds). <see cref="AllRevisions"/> false gives only the latest revision of each subject, policy and period.
/// Ordered by policy, period, revision.
/// </summary>
public sealed record HistoryQuery(string SubjectId)
{
    public string? PolicyId { get; init; }
    public string? FromPeriod { get; init; }
    public string? ToPeriod { get; init; }
    public bool AllRevisions { get; init; }
    public int Limit { get; init; } = 1000;
}

/// <summary>
/// Which policy version produced which outcome, when, and from which request: every filter that is set must match.
/// Ordered by time of recording, oldest first.
/// </summary>
public sealed record AuditQuery
{
    public string? RequestId { get; init; }
    public string? SubjectId { get; init; }
    public string? PolicyId { get; init; }
    public string? PolicyVersion { get; init; }
    public DateTimeOffset? Since { get; init; }
    public DateTimeOffset? Until { get; init; }
    public int Limit { get; init; } = 1000;
}

/// <summary>
/// How long personal data is kept. Facts and explanations older than <see cref="FactsFor"/> are erased (the record,
/// its outputs and its audit trail stay); whole records older than <see cref="RecordsFor"/> are deleted. Null: kept.
/// </summary>
public sealed record RetentionPolicy(TimeSpan? FactsFor, TimeSpan? RecordsFor);

public sealed record RetentionResult(int Erased, int Deleted);

/// <summary>
/// The ledger. Appends are durable when their task completes (committed with the store's full durability), and may
/// be written together with other pending appends in one transaction. Implementations are safe to use from many
/// threads, and for PostgreSQL from many processes at once.
/// </summary>
public interface ILedger : IAsyncDisposable
{
    /// <summary>A name for logs and errors, e.g. <c>sqlite:/var/lib/appraisal/ledger.db</c> (never with a password).</summary>
    string Description { get; }

    Task<AppendResult> AppendAsync(LedgerRecord record, CancellationToken cancellationToken = default);

    /// <summary>
    /// Appends the records of one group evaluation in one transaction of their own, all or nothing: when any of them is
    /// a <see cref="AppendStatus.Conflict"/> (its request id recorded for another request) the transaction is rolled
    /// back and nothing is written; a record whose request id was recorded for the same request is a
    /// <see cref="AppendStatus.Replayed"/>. One result per record, in order. The request ids must be distinct.
    /// </summary>
    Task<IReadOnlyList<AppendResult>> AppendGroupAsync(IReadOnlyList<LedgerRecord> records, CancellationToken cancellationToken = default);

    Task<LedgerRecord?> FindAsync(string requestId, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<LedgerRecord>> HistoryAsync(HistoryQuery query, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<LedgerRecord>> AuditAsync(AuditQuery query, CancellationToken cancellationToken = default);

    Task<RetentionResult> ApplyRetentionAsync(RetentionPolicy policy, DateTimeOffset now, CancellationToken cancellationToken = default);
}
