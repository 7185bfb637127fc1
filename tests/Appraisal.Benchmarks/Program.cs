using BenchmarkDotNet.Running;

namespace Appraisal.Policy.Benchmarks;

public static class Program
{
    /// <summary>Takes BenchmarkDotNet's usual arguments, e.g. <c>--filter '*ParseAndCheck*' --job short</c>.</summary>
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}
