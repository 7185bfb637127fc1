using System.Diagnostics;
using System.Globalization;

namespace Appraisal.Cli;

/// <summary>
/// POLICY_TIMINGS=1: one line on stderr per stage of a run (process start → Main → arguments parsed → checked →
/// printed), each with its time since the process started and since the stage before, so a cold start can be taken
/// apart without a profiler. Off (and free) otherwise. Figures: BENCHMARKS.md, "Cold start".
/// </summary>
internal static class StartupTimings
{
    public static readonly bool Enabled = Environment.GetEnvironmentVariable("POLICY_TIMINGS") == "1";

    private static TimeSpan _last;
    private static TextWriter? _writer;
    private static DateTime _processStart;

    /// <summary>Marks the entry to Main: the first line gives the time the runtime took to get there.</summary>
    public static void Start(TextWriter stderr)
    {
        if (!Enabled) return;
        _writer = stderr;
        using var self = Process.GetCurrentProcess();
        _processStart = self.StartTime.ToUniversalTime();
        Mark("main");
    }

    /// <summary>Writes the stage's line: elapsed since the process started, and since the last mark.</summary>
    public static void Mark(string stage, string? detail = null)
    {
        if (!Enabled || _writer is null) return;
        var sinceStart = DateTime.UtcNow - _processStart;
        var line = string.Create(CultureInfo.InvariantCulture,
            $"policy timings: {stage,-8} {sinceStart.TotalMilliseconds,8:F1} ms (+{(sinceStart - _last).TotalMilliseconds:F1} ms)");
        _last = sinceStart;
        _writer.WriteLine(detail is null ? line : $"{line} {detail}");
    }
}
