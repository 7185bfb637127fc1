using System.Diagnostics;
using System.Threading.Channels;

namespace Appraisal.Ledger;

/// <summary>
/// Group commit: one background writer per ledger. Appends wait in a channel; the writer takes every pending append
/// (up to <see cref="MaxBatch"/>) and hands them to the store, which writes them in one transaction. Each caller's task
/// completes after that transaction committed, with its own result, or fails with the batch's exception. Durability
/// is the store's: nothing completes before COMMIT returned.
/// </summary>
internal sealed class BatchingWriter : IAsyncDisposable
{
    public const int MaxBatch = 256;

    /// <summary>Writes the records in one transaction, in order, and returns one result per record.</summary>
    public delegate Task<IReadOnlyList<AppendResult>> WriteBatch(IReadOnlyList<LedgerRecord> records);

    private sealed record Pending(LedgerRecord Record, TaskCompletionSource<AppendResult> Completion, CancellationToken CancellationToken);

    private readonly Channel<Pending> _pending = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    private readonly WriteBatch _write;
    private readonly string _name;
    private readonly string _store;
    private readonly Task _loop;

    /// <param name="store">The store's kind for <see cref="LedgerMetrics"/> (sqlite, postgres).</param>
    public BatchingWriter(WriteBatch write, string name, string store = "sqlite")
    {
        _write = write;
        _name = name;
        _store = store;
        _loop = Task.Run(RunAsync);
    }

    /// <summary>
    /// Queues one append. Cancelling <paramref name="cancellationToken"/> before the writer takes the append leaves it
    /// unwritten; once taken, it is written (and stays written) even if the caller stopped waiting.
    /// </summary>
    public Task<AppendResult> EnqueueAsync(LedgerRecord record, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var completion = new TaskCompletionSource<AppendResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_pending.Writer.TryWrite(new Pending(record, completion, cancellationToken)))
            throw new ObjectDisposedException(_name, "The ledger is closed.");
        if (cancellationToken.CanBeCanceled)
        {
            var registration = cancellationToken.Register(() => completion.TrySetCanceled(cancellationToken));
            completion.Task.ContinueWith(_ => registration.Dispose(), TaskScheduler.Default);
        }
        return completion.Task;
    }

    private async Task RunAsync()
    {
        var reader = _pending.Reader;
        var batch = new List<Pending>(MaxBatch);
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            batch.Clear();
            while (batch.Count < MaxBatch && reader.TryRead(out var pending))
            {
                if (pending.CancellationToken.IsCancellationRequested || pending.Completion.Task.IsCompleted)
                {
                    pending.Completion.TrySetCanceled(pending.CancellationToken);
                    continue;
                }
                batch.Add(pending);
            }
            if (batch.Count == 0) continue;

            IReadOnlyList<AppendResult> results;
            var started = Stopwatch.GetTimestamp();
            try
            {
                results = await _write(batch.ConvertAll(p => p.Record)).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                LedgerMetrics.Batch(_store, batch.Count, Stopwatch.GetElapsedTime(started), committed: false);
                // Nothing of the batch was committed: every caller learns why.
                foreach (var pending in batch) pending.Completion.TrySetException(e);
                continue;
            }
            LedgerMetrics.Batch(_store, batch.Count, Stopwatch.GetElapsedTime(started), committed: true);
            for (var i = 0; i < batch.Count; i++) batch[i].Completion.TrySetResult(results[i]);
        }
    }

    /// <summary>Stops taking appends, writes those already queued and waits for the writer to finish.</summary>
    public async ValueTask DisposeAsync()
    {
        _pending.Writer.TryComplete();
        await _loop.ConfigureAwait(false);
    }
}
