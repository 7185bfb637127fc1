using Appraisal.Ledger.Registry;

namespace Appraisal.Ledger;

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

    // ---- the policy registry -------------------------------------------------------------------------------------

    /// <summary>
    /// Keeps a version (its files under its hash) unless it is kept already; durable when the task completes. The hash
    /// must be that of the files (an <see cref="ArgumentException"/> otherwise). Returns the version as kept (the first
    /// keeping's path and time when it was kept before).
    /// </summary>
    Task<StoredVersion> KeepVersionAsync(StoredVersion version, CancellationToken cancellationToken = default);

    /// <summary>A kept version of a policy; null when that policy has no such version kept.</summary>
    Task<StoredVersion?> FindVersionAsync(string policyId, string version, CancellationToken cancellationToken = default);

    /// <summary>Keeps the version (when not yet kept) and adds the publication, in one transaction; returns it with its id.</summary>
    Task<Publication> PublishAsync(PublicationRequest request, CancellationToken cancellationToken = default);

    /// <summary>Publications in the order they were made, after publication <paramref name="afterId"/>; of one policy, or of all when null.</summary>
    Task<IReadOnlyList<Publication>> PublicationsAsync(string? policyId = null, long afterId = 0, CancellationToken cancellationToken = default);

    /// <summary>
    /// Waits until a publication may have been made since the last call (PostgreSQL: <c>LISTEN</c>, woken by any
    /// instance's publication; SQLite: the polling interval), or <paramref name="timeout"/> passes; then read
    /// <see cref="PublicationsAsync"/> to see.
    /// </summary>
    Task WaitForPublicationsAsync(TimeSpan timeout, CancellationToken cancellationToken = default);
}
