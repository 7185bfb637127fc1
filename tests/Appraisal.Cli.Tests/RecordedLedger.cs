using Appraisal.Engine;
using Appraisal.Engine.Versions;
using Appraisal.Ledger;
using Appraisal.Ledger.Recording;

namespace Appraisal.Cli.Tests;

/// <summary>
/// A SQLite ledger that tests record into through the core (<see cref="Appraiser"/>, as the service and
/// <c>policy eval --record</c> do), at a time of their choosing, and erase as retention would. Dispose it before the
/// command line reads the file.
/// </summary>
public sealed class RecordedLedger : IAsyncDisposable
{
    private RecordedLedger(SqliteLedger ledger) => Ledger = ledger;

    public SqliteLedger Ledger { get; }

    public static async Task<RecordedLedger> OpenAsync(string path) => new(await SqliteLedger.OpenAsync(path));

    /// <summary>
    /// Evaluates <paramref name="factsJson"/> under the policy file as <paramref name="policyId"/> for the subject and
    /// period, and records it (earlier periods read from the subject's records, as the service does); at
    /// <paramref name="at"/> (default: now). Returns the record.
    /// </summary>
    public async Task<LedgerRecord> RecordAsync(string policyPath, string policyId, string subject, string period, string factsJson, string requestId,
        DateTimeOffset? at = null)
    {
        var loaded = PolicyPipeline.LoadFile(policyPath);
        var plan = loaded.Plan ?? throw new InvalidOperationException($"{policyPath} does not plan");
        var policy = new ServedPolicy(policyId, PolicyHash.Of(loaded.Checked), plan, PolicySource.From(loaded.Checked, policyId)) { SourcePath = policyPath };
        var result = await new Appraiser(Ledger, new FixedClock(at ?? DateTimeOffset.UtcNow)).EvaluateAsync(new EvaluationCall
        {
            Policy = policy, SubjectId = subject, Period = Engine.Values.PeriodValue.TryParse(period, out var p) ? p : throw new ArgumentException(period),
            FactsJson = factsJson, Record = true, RequestId = requestId,
        });
        if (result.Failure is { } failure) throw new InvalidOperationException($"not recorded: {failure}");
        return result.Value!.Record!;
    }

    /// <summary>Erases the facts of records older than <paramref name="age"/>, as the retention sweep does.</summary>
    public Task<RetentionResult> EraseFactsOlderThanAsync(TimeSpan age) => Ledger.ApplyRetentionAsync(new RetentionPolicy(age, null), DateTimeOffset.UtcNow);

    public ValueTask DisposeAsync() => Ledger.DisposeAsync();

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
