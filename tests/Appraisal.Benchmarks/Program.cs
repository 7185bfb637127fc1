using BenchmarkDotNet.Running;

namespace Appraisal.Policy.Benchmarks;

public static class Program
{
    /// <summary>
    /// Takes BenchmarkDotNet's usual arguments, e.g. <c>--filter '*ParseAndCheck*' --job short</c>; or
    /// <c>compile-cache [rounds] [policy]</c> for the fresh-process measurement of <see cref="ColdStart"/>; or
    /// <c>loop CLASS METHOD [seconds]</c> to run one benchmark under a profiler (<see cref="ProfileLoop"/>).
    /// </summary>
    public static void Main(string[] args)
    {
        if (ColdStart.TryRun(args) || ProfileLoop.TryRun(args)) return;
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    }
}
