using System.Globalization;
using Appraisal.Service.V1;

/// <summary>
/// Recorded evaluations per second: at each concurrency, unrecorded Evaluate calls of the escalation policy (the
/// baseline, measured in the same run) and then the same calls with <c>record</c> set, each with a new subject and
/// request id, so every call writes one durable record. Run against a service on SQLite or on PostgreSQL.
/// </summary>
public static class LedgerLoad
{
    private const string Policy = "quarterly-pay/季度绩效工资";
    private const string Facts = """{ "全额工资": "12345.67 yuan", "指标一达成": true, "指标二达成": false, "月度评定": ["优秀", "合格", "合格"] }""";

    public static async Task<int> Run(Appraisal.Service.V1.Appraisal.AppraisalClient client, Settings settings)
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        long counter = 0;
        EvaluateRequest Recorded()
        {
            var n = Interlocked.Increment(ref counter);
            return new EvaluateRequest
            {
                PolicyId = Policy, Period = "2026-Q1", FactsJson = Facts, Record = true,
                SubjectId = string.Create(CultureInfo.InvariantCulture, $"load-{run}-{n}"), RequestId = string.Create(CultureInfo.InvariantCulture, $"load-{run}-{n}"),
            };
        }
        var plain = new EvaluateRequest { PolicyId = Policy, Period = "2026-Q1", FactsJson = Facts };

        var first = await client.EvaluateAsync(Recorded(), deadline: DateTime.UtcNow.AddSeconds(10));
        if (first.Record is null || first.Record.Revision != 1) throw new InvalidOperationException("the server did not record the first call");
        Console.WriteLine($"# server {settings.Address}: {Policy} version {first.Version}; recorded revision {first.Record.Revision}");
        Console.WriteLine($"# {Environment.ProcessorCount} cores seen by the driver; per step {settings.Warmup.TotalSeconds:0} s warm-up + {settings.Duration.TotalSeconds:0} s measured");
        Console.WriteLine();

        await Unary.Run(() => client.EvaluateAsync(plain).ResponseAsync, 16, TimeSpan.Zero, settings.Warmup);
        await Unary.Run(() => client.EvaluateAsync(Recorded()).ResponseAsync, 16, TimeSpan.Zero, settings.Warmup);

        var rows = new List<(int Concurrency, Measurement Plain, Measurement Recorded)>();
        foreach (var concurrency in settings.Concurrency)
        {
            var baseline = await Unary.Run(() => client.EvaluateAsync(plain).ResponseAsync, concurrency, settings.Warmup, settings.Duration);
            var recorded = await Unary.Run(() => client.EvaluateAsync(Recorded()).ResponseAsync, concurrency, settings.Warmup, settings.Duration);
            Console.Error.WriteLine($"  {concurrency,3} concurrent: Evaluate {baseline}; recorded {recorded}");
            rows.Add((concurrency, baseline, recorded));
        }

        Console.WriteLine("| concurrent calls | Evaluate/s (not recorded) | recorded evaluations/s | recorded p50 | recorded p99 | recorded / not recorded | errors | service CPU µs/call not recorded / recorded |");
        Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var (concurrency, p, r) in rows)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {concurrency} | {p.PerSecond:N0} | **{r.PerSecond:N0}** | {Ms(r.P50)} | {Ms(r.P99)} | {100 * r.PerSecond / p.PerSecond:0.0}% | {p.Errors + r.Errors} | {ServerCpu(p)} / {ServerCpu(r)} |"));
        }
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{Interlocked.Read(ref counter):N0} records written in this run."));
        return rows.Any(r => r.Plain.Errors + r.Recorded.Errors > 0) ? 1 : 0;
    }

    private static string ServerCpu(Measurement m) =>
        m.Cpu.Server is { } s && m.Calls > 0 ? (s.TotalMicroseconds / m.Calls).ToString("0", CultureInfo.InvariantCulture) : "–";

    private static string Ms(double milliseconds) => milliseconds.ToString(milliseconds < 10 ? "0.00" : "0.0", CultureInfo.InvariantCulture) + " ms";
}
