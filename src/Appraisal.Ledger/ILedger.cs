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
}
