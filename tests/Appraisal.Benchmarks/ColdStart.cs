using System.Diagnostics;
using System.Globalization;
using Appraisal.Engine;
using Appraisal.Engine.Compilation;

namespace Appraisal.Policy.Benchmarks;

/// <summary>
/// Time from process start to a ready compiled tier, with the compile cache empty (Roslyn compiles, then the entry is
/// stored) and with it holding the version (the assembly is loaded from disk), each in a fresh process, alternating:
/// <c>dotnet run -c Release --project tests/Appraisal.Benchmarks -- compile-cache [rounds] [policy]</c>.
/// Not a BenchmarkDotNet benchmark: what is measured is a process's first time, which a benchmark loop cannot repeat.
/// </summary>
public static class ColdStart
{
    private const string Child = "compile-cache-child";

    public static bool TryRun(string[] args)
    {
        switch (args)
        {
            case [Child, var policy, var cache]:
                RunChild(policy, cache);
                return true;
            case ["compile-cache", .. var rest]:
                var rounds = rest.Length > 0 ? int.Parse(rest[0], CultureInfo.InvariantCulture) : 10;
                var policyPath = rest.Length > 1 ? Path.GetFullPath(rest[1])
                    : Path.Combine(AfterSalesBenchmarks.RepositoryRoot(), "policies", "after-sales", "售后客服考核.policy");
                Drive(rounds, policyPath);
                return true;
            default:
                return false;
        }
    }

    /// <summary>One fresh process: plan, start the tiered evaluator with the cache, wait until compiled, say how long.</summary>
    private static void RunChild(string policy, string cacheDirectory)
    {
        var sinceStart = DateTime.Now - Process.GetCurrentProcess().StartTime;
        var clock = Stopwatch.StartNew();
        var plan = PolicyPipeline.LoadFile(policy).Plan ?? throw new InvalidOperationException("the policy has errors");
        var planned = clock.Elapsed;
        using var tiered = PolicyPipeline.Tier(plan, new CompileCache(cacheDirectory));
        if (!tiered.WhenCompiledAsync().GetAwaiter().GetResult()) throw new InvalidOperationException("not compiled", tiered.CompilationError);
        var ready = clock.Elapsed;
        var roslyn = AppDomain.CurrentDomain.GetAssemblies().Any(a => a.GetName().Name!.StartsWith("Microsoft.CodeAnalysis", StringComparison.Ordinal));
        Console.WriteLine(string.Join(' ', tiered.Compiled!.Cache.Outcome, roslyn, F(sinceStart.TotalMilliseconds), F(planned.TotalMilliseconds),
            F((ready - planned).TotalMilliseconds)));
    }

    private sealed record Run(string Outcome, bool Roslyn, double Wall, double BeforeMain, double Plan, double Tier);

    private static void Drive(int rounds, string policy)
    {
        var warm = Path.Combine(Path.GetTempPath(), "appraisal-cold-start-" + Guid.NewGuid().ToString("N"));
        try
        {
            Launch(policy, warm); // fills the warm cache
            var (uncached, cached) = (new List<Run>(), new List<Run>());
            for (var i = 0; i < rounds; i++)
            {
                var empty = warm + "-empty-" + i;
                uncached.Add(Launch(policy, empty));
                Directory.Delete(empty, recursive: true);
                cached.Add(Launch(policy, warm));
            }
            Console.WriteLine($"{rounds} fresh processes each, alternating; policy {Path.GetFileName(policy)}; load average {LoadAverage()}");
            Console.WriteLine("| | outcome | Roslyn loaded | process start → ready (wall) | runtime start → Main | check + plan | tiered evaluator made → compiled tier ready |");
            Console.WriteLine("|---|---|---|---:|---:|---:|---:|");
            foreach (var (name, runs) in new[] { ("empty cache", uncached), ("cached version", cached) })
            {
                Console.WriteLine($"| {name} | {string.Join("/", runs.Select(r => r.Outcome).Distinct())} | {string.Join("/", runs.Select(r => r.Roslyn).Distinct())} "
                    + $"| {Median(runs, r => r.Wall)} | {Median(runs, r => r.BeforeMain)} | {Median(runs, r => r.Plan)} | {Median(runs, r => r.Tier)} |");
            }
            Console.WriteLine($"cached / empty, medians: wall {Ratio(cached, uncached, r => r.Wall)}, compiled tier {Ratio(cached, uncached, r => r.Tier)}");
        }
        finally
        {
            if (Directory.Exists(warm)) Directory.Delete(warm, recursive: true);
        }
    }

    private static Run Launch(string policy, string cache)
    {
        var self = Environment.ProcessPath!;
        var start = new ProcessStartInfo(self) { RedirectStandardOutput = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(self) == "dotnet") start.ArgumentList.Add(typeof(ColdStart).Assembly.Location);
        foreach (var argument in new[] { Child, policy, cache }) start.ArgumentList.Add(argument);
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        var line = process.StandardOutput.ReadLine() ?? throw new InvalidOperationException("the child printed nothing");
        var wall = clock.Elapsed.TotalMilliseconds;
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"the child failed ({process.ExitCode})");
        var parts = line.Split(' ');
        return new Run(parts[0], bool.Parse(parts[1]), wall, D(parts[2]), D(parts[3]), D(parts[4]));
    }

    private static string Median(List<Run> runs, Func<Run, double> of)
    {
        var sorted = runs.Select(of).Order().ToList();
        return $"{F(sorted[sorted.Count / 2])} ms ({F(sorted[0])}–{F(sorted[^1])})";
    }

    private static string Ratio(List<Run> cached, List<Run> uncached, Func<Run, double> of)
    {
        double MedianOf(List<Run> runs) => runs.Select(of).Order().ElementAt(runs.Count / 2);
        return (MedianOf(cached) / MedianOf(uncached)).ToString("0.000", CultureInfo.InvariantCulture) + "×";
    }

    private static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";

    private static string F(double milliseconds) => milliseconds.ToString("0.0", CultureInfo.InvariantCulture);

    private static double D(string text) => double.Parse(text, CultureInfo.InvariantCulture);
}
