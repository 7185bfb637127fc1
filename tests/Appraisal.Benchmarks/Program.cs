using BenchmarkDotNet.Running;

namespace Appraisal.Policy.Benchmarks;

public static class Program
{
    /// <summary>
    /// Takes BenchmarkDotNet's usual arguments, e.g. <c>--filter '*ParseAndCheck*' --job short</c>; or
    /// <c>compile-cache [rounds] [policy]</c> for the fresh-process measurement of <see cref="ColdStart"/>.
    /// </summary>
    public static void Main(string[] args)
    {
        if (ColdStart.TryRun(args)) return;
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    }
}
