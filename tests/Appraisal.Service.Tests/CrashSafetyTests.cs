using System.Collections.Concurrent;
using Appraisal.Service.V1;
using Grpc.Core;

namespace Appraisal.Service.Tests;

/// <summary>
/// The service process is killed with SIGKILL while a client streams recorded evaluations. After a restart on the same
/// ledger file every acknowledged record is there exactly once, and retrying every request (acknowledged or not)
/// records each missing one once and duplicates nothing.
/// </summary>
public sealed class CrashSafetyTests : IDisposable
{
    private const string QuarterlyPay = "quarterly-pay/季度绩效工资";
    private const int Requests = 3000;
    private const int KillAfterAcknowledged = 400;

    private readonly string _data = Path.Combine(Path.GetTempPath(), "appraisal-crash-tests", Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_data)) Directory.Delete(_data, recursive: true);
    }

    private static EvaluateStreamRequest Request(int i) => new()
    {
        RequestId = $"crash-{i}",
        Request = new EvaluateRequest
        {
            PolicyId = QuarterlyPay, SubjectId = $"S{i:D5}", Period = "2026-Q1", Record = true,
            FactsJson = $$"""{ "全额工资": "{{8000 + i}}.50 yuan", "指标一达成": {{(i % 3 == 0 ? "false" : "true")}}, "指标二达成": false }""",
        },
    };

    [Fact]
    public async Task Every_acknowledged_record_survives_SIGKILL_once_and_retries_add_no_duplicates()
    {
        var settings = new Dictionary<string, string> { ["Ledger:DataDirectory"] = _data };
        var acknowledged = new ConcurrentDictionary<string, RecordInfo>();

        await using (var service = await ServiceProcess.StartAsync(settings))
        {
            var killed = new TaskCompletionSource();
            using var call = service.Client.EvaluateStream();
            var reading = Task.Run(async () =>
            {
                try
                {
                    await foreach (var answer in call.ResponseStream.ReadAllAsync())
                    {
                        Assert.Null(answer.Error);
                        acknowledged[answer.RequestId] = answer.Reply.Record;
                        if (acknowledged.Count == KillAfterAcknowledged) killed.TrySetResult();
                    }
                }
                catch (RpcException)
                {
                    // the server died mid-stream: what was read before is what was acknowledged
                }
                killed.TrySetResult();
            });
            var writing = Task.Run(async () =>
            {
                try
                {
                    for (var i = 0; i < Requests; i++) await call.RequestStream.WriteAsync(Request(i));
                    await call.RequestStream.CompleteAsync();
                }
                catch (Exception e) when (e is RpcException or InvalidOperationException or IOException)
                {
                    // writes after the kill fail
                }
            });
            await killed.Task.WaitAsync(TimeSpan.FromSeconds(120));
            await service.KillAsync();
            await Task.WhenAll(reading, writing).WaitAsync(TimeSpan.FromSeconds(30));
        }

        Assert.True(acknowledged.Count >= KillAfterAcknowledged, $"only {acknowledged.Count} answers before the kill");
        Assert.True(acknowledged.Count < Requests, "the stream finished before the kill: nothing was cut short");

        await using var restarted = await ServiceProcess.StartAsync(settings);
        var client = restarted.Client;
        foreach (var (id, record) in acknowledged)
        {
            var audit = await client.AuditAsync(new AuditRequest { RequestId = id });
            var entry = Assert.Single(audit.Entries);
            Assert.Equal((1, record.RecordedAt), (entry.Revision, entry.RecordedAt));
        }

        // Retry everything, as a client that lost its answers would: acknowledged ones are replays, the rest are recorded
        // (or replayed, when the kill came between commit and answer); no subject ends up with two records.
        var replayed = 0;
        for (var i = 0; i < Requests; i++)
        {
            var reply = await client.EvaluateAsync(Request(i).Request.Clone().With(r => r.RequestId = $"crash-{i}"));
            if (acknowledged.ContainsKey($"crash-{i}")) Assert.True(reply.Record.Replayed, $"crash-{i} was acknowledged but recorded again");
            if (reply.Record.Replayed) replayed++;
            Assert.Equal(1, reply.Record.Revision);
        }
        Assert.True(replayed >= acknowledged.Count);

        for (var i = 0; i < Requests; i += 10)
        {
            var history = await client.GetHistoryAsync(new GetHistoryRequest { SubjectId = $"S{i:D5}", AllRevisions = true });
            Assert.Equal($"crash-{i}", Assert.Single(history.Entries).RequestId);
        }
    }
}

internal static class ProtoExtensions
{
    public static T With<T>(this T message, Action<T> change)
    {
        change(message);
        return message;
    }
}
