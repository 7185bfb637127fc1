using System.Diagnostics;
using System.Globalization;
using Appraisal.Service.V1;
using Grpc.Core;
using AppraisalClient = Appraisal.Service.V1.Appraisal.AppraisalClient;

namespace Appraisal.ClusterClient;

/// <summary>One recorded Evaluate call of the load: its own request id and subject, and facts that vary with its index.</summary>
public sealed record LoadCall(int Index, string RequestId, string SubjectId, EvaluateRequest Request)
{
    public const string Policy = "after-sales/售后客服考核";
    public const string Period = "2026-03";

    private static readonly string[] Posts = ["普通售后客服", "高级售后客服", "售后组长"];
    private static readonly string[] Grades = ["优", "良", "中", "差"];

    /// <summary>The subject (and request) ids of one run start with this, so the ledger can be searched for the run.</summary>
    public static string Prefix(string run) => $"cluster-{run}-";

    public static LoadCall Make(string run, int i)
    {
        var requestId = string.Create(CultureInfo.InvariantCulture, $"{Prefix(run)}r{i}");
        var subjectId = string.Create(CultureInfo.InvariantCulture, $"{Prefix(run)}s{i}");
        var facts = string.Create(CultureInfo.InvariantCulture,
            $$"""{"岗位":"{{Posts[i % 3]}}","素质":"{{Grades[i % 4]}}","退款率":"{{i % 13}}%","纠纷处理":"{{Grades[i / 4 % 4]}}","配合度":"良","执行力":"{{Grades[i / 16 % 3]}}","迟到":{{i % 3}},"客户表扬":{{i % 5}},"低质评价":{{i % 2}}}""");
        return new LoadCall(i, requestId, subjectId, new EvaluateRequest
        {
            PolicyId = Policy, Period = Period, FactsJson = facts, Record = true, SubjectId = subjectId, RequestId = requestId,
        });
    }
}

/// <summary>What became of one call: its reply (null when it gave up), which instance answered (nginx's
/// <c>X-Appraisal-Upstream</c>: the last address tried), its failed attempts, and whether it started after the kill.</summary>
public sealed record CallOutcome(LoadCall Call, EvaluateReply? Reply, string? Upstream, IReadOnlyList<StatusCode> Failures,
    StatusCode? GaveUpOn, bool StartedAfterKill);

public sealed record LoadResult(IReadOnlyList<CallOutcome> Outcomes, bool KillSeen, int AcknowledgedBeforeKill, TimeSpan Elapsed);

/// <summary>
/// <see cref="Settings.Concurrency"/> callers, each sending one recorded call at a time through nginx. After
/// <see cref="Settings.KillAfter"/> acknowledged calls the kill marker is written and the load goes on; once the script's
/// killed marker appears, <see cref="Settings.AfterKill"/> more calls are started and the load ends. Bounded by
/// <see cref="Settings.MaxCalls"/> and, for the kill, <see cref="Settings.KillWait"/>.
/// </summary>
public sealed class Load(AppraisalClient client, Settings settings, string run, Retrying retrying)
{
    public const string UpstreamHeader = "x-appraisal-upstream";

    private readonly CallOutcome?[] _outcomes = new CallOutcome?[settings.MaxCalls];
    private int _next;
    private int _stopAt = settings.MaxCalls;
    private int _acknowledged;
    private int _acknowledgedBeforeKill;
    private volatile bool _killSeen;
    private readonly TaskCompletionSource _markerWritten = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public async Task<LoadResult> Run()
    {
        var clock = Stopwatch.StartNew();
        var watcher = WatchForTheKill();
        var callers = Enumerable.Range(0, settings.Concurrency).Select(_ => Task.Run(Caller)).ToArray();
        await Task.WhenAll(callers);
        _markerWritten.TrySetResult(); // the load ended (e.g. every call failed) before the marker: let the watcher end
        await watcher;
        var sent = Math.Min(Volatile.Read(ref _next), Volatile.Read(ref _stopAt));
        return new LoadResult(_outcomes.Take(sent).Select(o => o!).ToArray(), _killSeen, _acknowledgedBeforeKill, clock.Elapsed);
    }

    private async Task Caller()
    {
        while (true)
        {
            var i = Interlocked.Increment(ref _next) - 1;
            if (i >= Volatile.Read(ref _stopAt)) return;
            var call = LoadCall.Make(run, i);
            var afterKill = _killSeen;
            var attempts = await retrying.Run(deadline => Evaluate(call.Request, deadline));
            _outcomes[i] = new CallOutcome(call, attempts.Reply?.Reply, attempts.Reply?.Upstream, attempts.Failures, attempts.GaveUpOn, afterKill);
            if (attempts.Reply is not null && Interlocked.Increment(ref _acknowledged) == settings.KillAfter)
            {
                await File.WriteAllTextAsync(settings.KillMarker, "kill\n");
                _markerWritten.TrySetResult();
            }
        }
    }

    private async Task<Answered> Evaluate(EvaluateRequest request, DateTime deadline)
    {
        using var call = client.EvaluateAsync(request, deadline: deadline);
        var headers = await call.ResponseHeadersAsync;
        var reply = await call.ResponseAsync;
        return new Answered(reply, headers.GetValue(UpstreamHeader));
    }

    private sealed record Answered(EvaluateReply Reply, string? Upstream);

    /// <summary>After the kill marker: wait (bounded) for the killed marker, then let <see cref="Settings.AfterKill"/> more calls start.</summary>
    private async Task WatchForTheKill()
    {
        await _markerWritten.Task;
        var waited = Stopwatch.StartNew();
        while (waited.Elapsed < settings.KillWait && Volatile.Read(ref _next) < Volatile.Read(ref _stopAt))
        {
            if (File.Exists(settings.KilledMarker))
            {
                _acknowledgedBeforeKill = Volatile.Read(ref _acknowledged);
                _killSeen = true;
                var stopAt = Math.Min(settings.MaxCalls, Volatile.Read(ref _next) + settings.AfterKill);
                Interlocked.Exchange(ref _stopAt, stopAt);
                return;
            }
            await Task.Delay(10);
        }
        // No kill within the wait (or the calls ran out first): end the load; the checks report it.
        Interlocked.Exchange(ref _stopAt, Math.Min(Volatile.Read(ref _stopAt), Volatile.Read(ref _next)));
    }
}
