using System.Collections.Concurrent;
using Grpc.Core;

namespace Appraisal.ClusterClient;

/// <summary>
/// A call retried on UNAVAILABLE with the same request (so the same request id: the ledger answers a retry of a
/// recorded request with <c>record.replayed</c> and the recorded outcome), a deadline on every attempt, at most
/// <see cref="MaxAttempts"/> attempts, and a bounded, jittered exponential backoff between them.
/// UNAVAILABLE is what gRPC clients see when nginx cannot pass a call on (its 502 "Bad Gateway" when the upstream
/// died with the call in flight, mapped from the HTTP status), when the connection itself breaks, and what the
/// service answers when its ledger cannot be reached. Every other code is the answer.
/// </summary>
public sealed class Retrying
{
    public const int MaxAttempts = 8;
    public static readonly TimeSpan AttemptDeadline = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan FirstBackoff = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(1);

    /// <summary>Every failed attempt seen, by code and the status detail (transport and status texts carry no facts).</summary>
    public ConcurrentDictionary<string, int> Seen { get; } = new(StringComparer.Ordinal);

    public static bool IsRetryable(StatusCode code) => code == StatusCode.Unavailable;

    /// <summary>
    /// Runs <paramref name="attempt"/> (given its deadline) until it answers, fails with a code that is not retried,
    /// or has failed <see cref="MaxAttempts"/> times. The failures of the attempts are returned in order.
    /// </summary>
    public async Task<Attempts<T>> Run<T>(Func<DateTime, Task<T>> attempt) where T : class
    {
        var failures = new List<StatusCode>();
        for (var n = 1; ; n++)
        {
            try
            {
                return new Attempts<T>(await attempt(DateTime.UtcNow + AttemptDeadline), failures, null);
            }
            catch (RpcException e)
            {
                failures.Add(e.StatusCode);
                var detail = e.Status.Detail.Length > 120 ? e.Status.Detail[..120] + "…" : e.Status.Detail;
                Seen.AddOrUpdate($"{e.StatusCode} ({detail})", 1, (_, count) => count + 1);
                if (!IsRetryable(e.StatusCode) || n == MaxAttempts) return new Attempts<T>(null, failures, e);
            }
            await Task.Delay(Backoff(n));
        }
    }

    private static TimeSpan Backoff(int failedAttempts)
    {
        var ceiling = Math.Min(MaxBackoff.TotalMilliseconds, FirstBackoff.TotalMilliseconds * Math.Pow(2, failedAttempts - 1));
        return TimeSpan.FromMilliseconds(ceiling / 2 + Random.Shared.NextDouble() * ceiling / 2);
    }
}

/// <summary>The answer of a retried call (null when it gave up), the code of each failed attempt, and the error it gave up on.</summary>
public sealed record Attempts<T>(T? Reply, IReadOnlyList<StatusCode> Failures, RpcException? GaveUp) where T : class
{
    public StatusCode? GaveUpOn => GaveUp?.StatusCode;
}
