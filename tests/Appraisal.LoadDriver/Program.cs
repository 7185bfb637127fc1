// A bounded load driver for a running appraisal service. It starts no server: start one first, e.g.
//   dotnet run -c Release --project src/Appraisal.Service
//   dotnet run -c Release --project tests/Appraisal.LoadDriver -- --address http://127.0.0.1:5080
// Every step runs for a fixed time (warm-up, then measurement) and stops by itself; only the given address is called.
using System.Diagnostics;
using System.Globalization;
using Appraisal.Service.V1;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;

var settings = Settings.Parse(args);
if (settings is null)
{
    Console.Error.WriteLine("""
        usage: Appraisal.LoadDriver [--address http://127.0.0.1:5080] [--duration 10] [--warmup 3]
                                    [--concurrency 1,16,64] [--streams 4] [--stream-duration 10]
                                    [--max-per-stream 2000000] [--policy after-sales/售后客服考核]
                                    [--batch 100]  (fact sets per message of the batched stream, 1–1000)
                                    [--steps unary,stream,batch]  (the steps to run, in this order)
                                    [--server-pid PID]  (also report the server's and the driver's CPU per call)
                                    [--mode service|ledger]  (ledger: recorded evaluations/s against unrecorded ones)
                                    [--facts json|struct]  (send the facts as facts_json text or as a facts_struct)
        The address must be a loopback address (127.0.0.0/8, localhost or [::1]).
        """);
    return 2;
}

using var channel = GrpcChannel.ForAddress(settings.Address, new GrpcChannelOptions
{
    HttpHandler = new SocketsHttpHandler { EnableMultipleHttp2Connections = true },
});
var client = new Appraisal.Service.V1.Appraisal.AppraisalClient(channel);

Cpu.Server = settings.ServerPid is { } pid ? Process.GetProcessById(pid) : null;

if (settings.Mode == "ledger") return await LedgerLoad.Run(client, settings);

var evaluate = new EvaluateRequest { PolicyId = settings.Policy };
if (settings.Facts == "struct") evaluate.FactsStruct = Google.Protobuf.WellKnownTypes.Struct.Parser.ParseJson(Settings.Facts91);
else evaluate.FactsJson = Settings.Facts91;
var echo = new EchoMessage { Payload = ByteString.Empty };

// A first call of each kind proves the server answers, and what it answers.
var first = await client.EvaluateAsync(evaluate, deadline: DateTime.UtcNow.AddSeconds(10));
var bonus = first.Outputs.SingleOrDefault(o => o.Name == "KPI奖金")?.Value;
await client.EchoAsync(echo, deadline: DateTime.UtcNow.AddSeconds(10));
Console.WriteLine($"# server {settings.Address}: {settings.Policy} version {first.Version}, KPI奖金 {bonus}");
Console.WriteLine($"# {Environment.ProcessorCount} cores seen by the driver; per step {settings.Warmup.TotalSeconds:0} s warm-up + {settings.Duration.TotalSeconds:0} s measured");
Console.WriteLine();

// Warm both paths up first (JIT tiers, the compiled evaluation tier, connection windows), so the first step measured
// does not pay for it.
await Unary.Run(() => client.EchoAsync(echo).ResponseAsync, 16, TimeSpan.Zero, settings.Warmup);
await Unary.Run(() => client.EvaluateAsync(evaluate).ResponseAsync, 16, TimeSpan.Zero, settings.Warmup);

var rows = new List<(int Concurrency, Measurement Echo, Measurement Evaluate)>();
foreach (var concurrency in settings.Runs("unary") ? settings.Concurrency : [])
{
    var echoResult = await Unary.Run(() => client.EchoAsync(echo).ResponseAsync, concurrency, settings.Warmup, settings.Duration);
    var evaluateResult = await Unary.Run(() => client.EvaluateAsync(evaluate).ResponseAsync, concurrency, settings.Warmup, settings.Duration);
    Console.Error.WriteLine($"  {concurrency,3} concurrent: Echo {echoResult}; Evaluate {evaluateResult}");
    rows.Add((concurrency, echoResult, evaluateResult));
}

StreamResult? stream = null;
if (settings.Runs("stream"))
{
    stream = await Streaming.Run(client, evaluate, settings);
    Console.Error.WriteLine($"  EvaluateStream: {stream}");
}
StreamResult? batched = null;
if (settings.Runs("batch"))
{
    batched = await BatchStreaming.Run(client, evaluate, settings);
    Console.Error.WriteLine($"  EvaluateBatchStream ({settings.Batch} per message): {batched}");
}

if (rows.Count > 0)
{
    Console.WriteLine("| concurrent calls | Echo requests/s | Echo p50 | Echo p99 | Evaluate requests/s | Evaluate p50 | Evaluate p99 | Evaluate / Echo | errors | server CPU µs/call Echo / Evaluate | driver CPU µs/call Echo / Evaluate |");
    Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    foreach (var (concurrency, e, v) in rows)
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {concurrency} | {e.PerSecond:N0} | {Ms(e.P50)} | {Ms(e.P99)} | {v.PerSecond:N0} | {Ms(v.P50)} | {Ms(v.P99)} | {100 * v.PerSecond / e.PerSecond:0}% | {e.Errors + v.Errors} | {ServerCpu(e)} / {ServerCpu(v)} | {e.Cpu.Driver.TotalMicroseconds / e.Calls:0.0} / {v.Cpu.Driver.TotalMicroseconds / v.Calls:0.0} |"));
    }
    Console.WriteLine();
}
if (stream is not null)
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"EvaluateStream: {settings.Streams} streams, {stream.Evaluations:N0} evaluations in {stream.Seconds:0.0} s = **{stream.PerSecond:N0} evaluations/s** ({stream.Errors} failed answers){stream.Cpu.PerCall(stream.Evaluations)}"));
if (batched is not null)
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"EvaluateBatchStream: {settings.Streams} streams, {settings.Batch} fact sets per message, {batched.Evaluations:N0} item answers in {batched.Seconds:0.0} s = **{batched.PerSecond:N0} evaluations/s** ({batched.Errors} failed answers){batched.Cpu.PerCall(batched.Evaluations)}"));
return rows.Any(r => r.Echo.Errors + r.Evaluate.Errors > 0) || stream?.Errors > 0 || batched?.Errors > 0 ? 1 : 0;

static string ServerCpu(Measurement m) =>
    m.Cpu.Server is { } s ? (s.TotalMicroseconds / m.Calls).ToString("0.0", CultureInfo.InvariantCulture) : "–";

static string Ms(double milliseconds) => milliseconds.ToString(milliseconds < 10 ? "0.00" : "0.0", CultureInfo.InvariantCulture) + " ms";

/// <summary>The outcome of one step: completed calls per second and latency percentiles in milliseconds.</summary>
public sealed record Measurement(long Calls, long Errors, double Seconds, double P50, double P99, Cpu.Use Cpu)
{
    public double PerSecond => Calls / Seconds;

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{PerSecond:N0}/s p50 {P50:0.000} ms p99 {P99:0.000} ms ({Errors} errors){Cpu.PerCall(Calls)}");
}

/// <summary>CPU time used by the driver and (with --server-pid) by the server during a step.</summary>
public static class Cpu
{
    public static Process? Server { get; set; }

    public readonly record struct Use(TimeSpan Driver, TimeSpan? Server)
    {
        public string PerCall(long calls)
        {
            if (calls == 0) return "";
            var driver = string.Create(CultureInfo.InvariantCulture, $"; CPU per call: driver {Driver.TotalMicroseconds / calls:0.0} µs");
            return Server is { } s ? driver + string.Create(CultureInfo.InvariantCulture, $", server {s.TotalMicroseconds / calls:0.0} µs") : driver;
        }
    }

    public static Use Now()
    {
        Server?.Refresh();
        return new Use(Process.GetCurrentProcess().TotalProcessorTime, Server?.TotalProcessorTime);
    }

    public static Use Since(Use start)
    {
        var now = Now();
        return new Use(now.Driver - start.Driver, now.Server - start.Server);
    }
}

public static class Unary
{
    /// <summary><paramref name="concurrency"/> callers, each awaiting one call at a time: a warm-up, then the measured run.</summary>
    public static async Task<Measurement> Run(Func<Task> call, int concurrency, TimeSpan warmup, TimeSpan duration)
    {
        await Phase(call, concurrency, warmup, record: false);
        return await Phase(call, concurrency, duration, record: true);
    }

    private static async Task<Measurement> Phase(Func<Task> call, int concurrency, TimeSpan length, bool record)
    {
        var cpu = Cpu.Now();
        var clock = Stopwatch.StartNew();
        var end = length.Ticks * Stopwatch.Frequency / TimeSpan.TicksPerSecond;
        var workers = Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            var latencies = new List<long>(record ? 1 << 16 : 0);
            long errors = 0;
            while (clock.ElapsedTicks < end)
            {
                var start = Stopwatch.GetTimestamp();
                try
                {
                    await call();
                }
                catch (RpcException)
                {
                    errors++;
                }
                if (record) latencies.Add(Stopwatch.GetTimestamp() - start);
            }
            return (latencies, errors);
        })).ToArray();
        var results = await Task.WhenAll(workers);
        var seconds = clock.Elapsed.TotalSeconds;
        var used = Cpu.Since(cpu);
        if (!record) return new Measurement(0, 0, seconds, 0, 0, used);
        var all = results.SelectMany(r => r.latencies).ToArray();
        Array.Sort(all);
        double Percentile(double p) => all.Length == 0 ? 0 : all[Math.Min(all.Length - 1, (int)(p * all.Length))] * 1000.0 / Stopwatch.Frequency;
        var errorCount = results.Sum(r => r.errors);
        return new Measurement(all.Length - errorCount, errorCount, seconds, Percentile(0.50), Percentile(0.99), used);
    }
}

internal sealed record StreamResult(long Evaluations, long Errors, double Seconds, Cpu.Use Cpu)
{
    public double PerSecond => Evaluations / Seconds;

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Evaluations:N0} evaluations in {Seconds:0.00} s = {PerSecond:N0}/s ({Errors} errors){Cpu.PerCall(Evaluations)}");
}

internal static class Streaming
{
    /// <summary>
    /// <c>settings.Streams</c> bidirectional streams, each writing requests as fast as the stream takes them (until the
    /// time is up or <c>MaxPerStream</c> were sent) while reading its answers; a short warm-up run first.
    /// </summary>
    public static async Task<StreamResult> Run(Appraisal.Service.V1.Appraisal.AppraisalClient client, EvaluateRequest request, Settings settings)
    {
        await Phase(client, request, settings.Streams, settings.Warmup, settings.MaxPerStream);
        return await Phase(client, request, settings.Streams, settings.StreamDuration, settings.MaxPerStream);
    }

    private static async Task<StreamResult> Phase(Appraisal.Service.V1.Appraisal.AppraisalClient client, EvaluateRequest request, int streams, TimeSpan length, long maxPerStream)
    {
        var cpu = Cpu.Now();
        var clock = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, streams).Select(s => Task.Run(async () =>
        {
            using var call = client.EvaluateStream(deadline: DateTime.UtcNow + length + TimeSpan.FromSeconds(60));
            var writer = Task.Run(async () =>
            {
                var item = new EvaluateStreamRequest { Request = request };
                for (long i = 0; i < maxPerStream && clock.Elapsed < length; i++)
                {
                    item.RequestId = i.ToString(CultureInfo.InvariantCulture);
                    await call.RequestStream.WriteAsync(item);
                }
                await call.RequestStream.CompleteAsync();
            });
            long ok = 0, failed = 0;
            await foreach (var reply in call.ResponseStream.ReadAllAsync())
            {
                if (reply.Error is null) ok++;
                else failed++;
            }
            await writer;
            return (ok, failed);
        })).ToArray();
        var results = await Task.WhenAll(workers);
        var seconds = clock.Elapsed.TotalSeconds;
        return new StreamResult(results.Sum(r => r.ok), results.Sum(r => r.failed), seconds, Cpu.Since(cpu));
    }
}

internal static class BatchStreaming
{
    /// <summary>
    /// <c>settings.Streams</c> batched streams, each writing messages of <c>settings.Batch</c> fact sets (the same request's
    /// fields and facts, items numbered) as fast as the stream takes them (until the time is up or <c>MaxPerStream</c>
    /// fact sets were sent) while reading the replies; evaluations are item answers received. A short warm-up run first.
    /// </summary>
    public static async Task<StreamResult> Run(Appraisal.Service.V1.Appraisal.AppraisalClient client, EvaluateRequest request, Settings settings)
    {
        await Phase(client, request, settings, settings.Warmup);
        return await Phase(client, request, settings, settings.StreamDuration);
    }

    private static async Task<StreamResult> Phase(Appraisal.Service.V1.Appraisal.AppraisalClient client, EvaluateRequest request, Settings settings, TimeSpan length)
    {
        var cpu = Cpu.Now();
        var clock = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, settings.Streams).Select(s => Task.Run(async () =>
        {
            using var call = client.EvaluateBatchStream(deadline: DateTime.UtcNow + length + TimeSpan.FromSeconds(60));
            var writer = Task.Run(async () =>
            {
                var message = new EvaluateBatchRequest
                {
                    PolicyId = request.PolicyId, Version = request.Version, Period = request.Period,
                    Explanation = request.Explanation, Language = request.Language,
                };
                for (var i = 0; i < settings.Batch; i++)
                {
                    var item = new EvaluateBatchItem { Id = i.ToString(CultureInfo.InvariantCulture) };
                    if (request.FactsStruct is { } facts) item.FactsStruct = facts;
                    else item.FactsJson = request.FactsJson;
                    message.Items.Add(item);
                }
                long sent = 0;
                for (long m = 0; sent < settings.MaxPerStream && clock.Elapsed < length; m++, sent += settings.Batch)
                {
                    message.BatchId = m.ToString(CultureInfo.InvariantCulture);
                    await call.RequestStream.WriteAsync(message);
                }
                await call.RequestStream.CompleteAsync();
            });
            long ok = 0, failed = 0;
            await foreach (var reply in call.ResponseStream.ReadAllAsync())
            {
                if (reply.Error is not null)
                {
                    failed += settings.Batch;
                    continue;
                }
                foreach (var item in reply.Items)
                {
                    if (item.Error is null) ok++;
                    else failed++;
                }
            }
            await writer;
            return (ok, failed);
        })).ToArray();
        var results = await Task.WhenAll(workers);
        var seconds = clock.Elapsed.TotalSeconds;
        return new StreamResult(results.Sum(r => r.ok), results.Sum(r => r.failed), seconds, Cpu.Since(cpu));
    }
}

public sealed record Settings(Uri Address, TimeSpan Duration, TimeSpan Warmup, int[] Concurrency, int Streams,
    TimeSpan StreamDuration, long MaxPerStream, string Policy, int? ServerPid, string Mode, int Batch, string[] Steps, string Facts)
{
    public bool Runs(string step) => Steps.Contains(step, StringComparer.Ordinal);

    /// <summary>The after-sales example: 得分 91, KPI奖金 700.00, 工资 2700.00.</summary>
    public const string Facts91 = """
        {"岗位":"普通售后客服","素质":"良","退款率":"6%","纠纷处理":"良","配合度":"良","执行力":"中","迟到":1,"客户表扬":3,"低质评价":1}
        """;

    public static Settings? Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length) return null;
            values[args[i][2..]] = args[++i];
        }
        string Get(string name, string fallback) => values.Remove(name, out var v) ? v : fallback;
        try
        {
            var settings = new Settings(
                new Uri(Get("address", "http://127.0.0.1:5080")),
                TimeSpan.FromSeconds(double.Parse(Get("duration", "10"), CultureInfo.InvariantCulture)),
                TimeSpan.FromSeconds(double.Parse(Get("warmup", "3"), CultureInfo.InvariantCulture)),
                Get("concurrency", "1,16,64").Split(',').Select(c => int.Parse(c, CultureInfo.InvariantCulture)).ToArray(),
                int.Parse(Get("streams", "4"), CultureInfo.InvariantCulture),
                TimeSpan.FromSeconds(double.Parse(Get("stream-duration", "10"), CultureInfo.InvariantCulture)),
                long.Parse(Get("max-per-stream", "2000000"), CultureInfo.InvariantCulture),
                Get("policy", "after-sales/售后客服考核"),
                values.ContainsKey("server-pid") ? int.Parse(Get("server-pid", "0"), CultureInfo.InvariantCulture) : null,
                Get("mode", "service"),
                int.Parse(Get("batch", "100"), CultureInfo.InvariantCulture),
                Get("steps", "unary,stream,batch").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries),
                Get("facts", "json"));
            var bounded = settings.Duration > TimeSpan.Zero && settings.Duration <= TimeSpan.FromMinutes(5)
                && settings.StreamDuration > TimeSpan.Zero && settings.StreamDuration <= TimeSpan.FromMinutes(5)
                && settings.Warmup >= TimeSpan.Zero && settings.Warmup <= TimeSpan.FromMinutes(1)
                && settings.Concurrency.All(c => c is > 0 and <= 1024) && settings.Streams is > 0 and <= 256 && settings.MaxPerStream > 0
                && settings.Mode is "service" or "ledger"
                && settings.Batch is > 0 and <= 1000 && settings.Steps.Length > 0 && settings.Steps.All(s => s is "unary" or "stream" or "batch")
                && settings.Facts is "json" or "struct";
            return values.Count == 0 && bounded && settings.Address.IsLoopback ? settings : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
