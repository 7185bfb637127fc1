using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Appraisal.Ledger;

/// <summary>
/// The ledger's measurements (meter <see cref="MeterName"/>): how many records each group commit wrote and how long its
/// transaction took, by store and outcome. Counts and times only: never a record's content, subject or request id.
/// A host that wants them listens to the meter (the service: OpenTelemetry, <c>/metrics</c>).
/// </summary>
public static class LedgerMetrics
{
    public const string MeterName = "Appraisal.Ledger";

    private static readonly Meter Meter = new(MeterName);

    private static readonly Histogram<int> BatchSize = Meter.CreateHistogram<int>("appraisal.ledger.batch.size", "{record}",
        "Records written by one group commit (one transaction)",
        advice: new InstrumentAdvice<int> { HistogramBucketBoundaries = [1, 2, 4, 8, 16, 32, 64, 128, 256] });

    private static readonly Histogram<double> CommitDuration = Meter.CreateHistogram<double>("appraisal.ledger.commit.duration", "s",
        "Time of one group commit, from BEGIN to COMMIT returning",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5] });

    /// <summary>One group commit of <paramref name="records"/> records on <paramref name="store"/> (sqlite, postgres), committed or failed.</summary>
    internal static void Batch(string store, int records, TimeSpan elapsed, bool committed)
    {
        var tags = new TagList { { "store", store }, { "outcome", committed ? "committed" : "failed" } };
        BatchSize.Record(records, tags);
        CommitDuration.Record(elapsed.TotalSeconds, tags);
    }
}
