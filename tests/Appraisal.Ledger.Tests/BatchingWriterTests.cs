namespace Appraisal.Ledger.Tests;

/// <summary>Group commit, apart from any store: what is batched together, and how failure and cancellation reach callers.</summary>
public sealed class BatchingWriterTests
{
    private static LedgerRecord Record(string requestId) => new()
    {
        RequestId = requestId,
        SubjectId = "emp-1",
        PolicyId = "p",
        Period = "2026-Q1",
        PolicyVersion = "v",
        OutputsJson = "{}",
        RequestHash = "h",
        RecordedAt = DateTimeOffset.UnixEpoch,
    };

    /// <summary>A store that records each batch and waits at the gate before "committing" it.</summary>
    private sealed class FakeStore
    {
        public readonly List<string[]> Batches = [];
        public TaskCompletionSource Gate { get; set; } = CompletedGate();
        public Exception? Failure { get; set; }

        public async Task<IReadOnlyList<AppendResult>> WriteAsync(IReadOnlyList<LedgerRecord> records)
        {
            lock (Batches) Batches.Add(records.Select(r => r.RequestId).ToArray());
            await Gate.Task;
            if (Failure is not null) throw Failure;
            return records.Select(r => new AppendResult(AppendStatus.Recorded, r)).ToList();
        }

        private static TaskCompletionSource CompletedGate()
        {
            var gate = new TaskCompletionSource();
            gate.SetResult();
            return gate;
        }
    }

    [Fact]
    public async Task Appends_that_arrive_while_a_batch_is_being_written_go_together_into_the_next_batch()
    {
        var store = new FakeStore { Gate = new TaskCompletionSource() };
        await using var writer = new BatchingWriter(store.WriteAsync, "test");

        var first = writer.EnqueueAsync(Record("first"), default);
        while (store.Batches.Count == 0) await Task.Delay(5);
        var waiting = Enumerable.Range(0, 10).Select(i => writer.EnqueueAsync(Record($"r{i}"), default)).ToList();
        store.Gate.SetResult();
        await Task.WhenAll(waiting.Append(first));

        Assert.Equal(2, store.Batches.Count);
        Assert.Equal(["first"], store.Batches[0]);
        Assert.Equal(Enumerable.Range(0, 10).Select(i => $"r{i}"), store.Batches[1]);
        Assert.Equal("r3", (await waiting[3]).Record.RequestId);
    }

    [Fact]
    public async Task A_batch_takes_at_most_the_batch_limit()
    {
        var store = new FakeStore { Gate = new TaskCompletionSource() };
        await using var writer = new BatchingWriter(store.WriteAsync, "test");

        var first = writer.EnqueueAsync(Record("first"), default);
        while (store.Batches.Count == 0) await Task.Delay(5);
        var waiting = Enumerable.Range(0, BatchingWriter.MaxBatch + 1).Select(i => writer.EnqueueAsync(Record($"r{i}"), default)).ToList();
        store.Gate.SetResult();
        await Task.WhenAll(waiting.Append(first));

        Assert.Equal([1, BatchingWriter.MaxBatch, 1], store.Batches.Select(b => b.Length));
    }

    [Fact]
    public async Task A_failing_batch_fails_every_caller_in_it_with_the_exception()
    {
        var failure = new InvalidOperationException("disk full");
        var store = new FakeStore { Gate = new TaskCompletionSource(), Failure = failure };
        await using var writer = new BatchingWriter(store.WriteAsync, "test");

        var first = writer.EnqueueAsync(Record("first"), default);
        while (store.Batches.Count == 0) await Task.Delay(5);
        var waiting = Enumerable.Range(0, 5).Select(i => writer.EnqueueAsync(Record($"r{i}"), default)).ToList();
        store.Gate.SetResult();

        foreach (var task in waiting.Append(first))
            Assert.Same(failure, await Assert.ThrowsAsync<InvalidOperationException>(() => task));
    }

    [Fact]
    public async Task An_append_cancelled_before_the_writer_takes_it_is_not_written()
    {
        var store = new FakeStore { Gate = new TaskCompletionSource() };
        await using var writer = new BatchingWriter(store.WriteAsync, "test");
        using var cancellation = new CancellationTokenSource();

        var first = writer.EnqueueAsync(Record("first"), default);
        while (store.Batches.Count == 0) await Task.Delay(5);
        var cancelled = writer.EnqueueAsync(Record("cancelled"), cancellation.Token);
        var kept = writer.EnqueueAsync(Record("kept"), default);
        await cancellation.CancelAsync();
        store.Gate.SetResult();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        await Task.WhenAll(first, kept);
        Assert.Equal(["kept"], store.Batches[1]);
    }

    [Fact]
    public async Task Dispose_writes_what_is_queued_and_then_refuses_appends()
    {
        var store = new FakeStore();
        var writer = new BatchingWriter(store.WriteAsync, "test");
        var pending = Enumerable.Range(0, 20).Select(i => writer.EnqueueAsync(Record($"r{i}"), default)).ToList();

        await writer.DisposeAsync();

        Assert.All(pending, task => Assert.True(task.IsCompletedSuccessfully));
        Assert.Equal(20, store.Batches.Sum(b => b.Length));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => writer.EnqueueAsync(Record("late"), default));
    }
}
