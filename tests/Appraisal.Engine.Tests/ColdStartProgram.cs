using System.Diagnostics;
using Appraisal.Engine.Compilation;
using Appraisal.Engine.Testing;

namespace Appraisal.Engine.Tests;

/// <summary>
/// The test assembly's own entry point (the test runner does not use it): with <c>cold-start POLICY CACHE_DIR</c> it is
/// a fresh process that plans a policy, waits for its compiled tier with a <see cref="CompileCache"/> in CACHE_DIR,
/// runs the policy's tests on it and prints one line (<see cref="Compilation.ColdStartTests"/> reads it).
/// </summary>
public static class ColdStartProgram
{
    public static int Main(string[] args)
    {
        if (args is not ["cold-start", var policy, var cacheDirectory]) return 2;
        var clock = Stopwatch.StartNew();
        var plan = PolicyPipeline.LoadFile(policy).Plan ?? throw new InvalidOperationException("the policy has errors");
        var planned = clock.Elapsed;
        using var tiered = PolicyPipeline.Tier(plan, new CompileCache(cacheDirectory));
        if (!tiered.WhenCompiledAsync().GetAwaiter().GetResult()) throw new InvalidOperationException("not compiled", tiered.CompilationError);
        var ready = clock.Elapsed;
        var roslyn = AppDomain.CurrentDomain.GetAssemblies().Any(a => a.GetName().Name!.StartsWith("Microsoft.CodeAnalysis", StringComparison.Ordinal));
        var results = PolicyTestRunner.Run(plan, evaluate: (facts, options) => tiered.Compiled!.Evaluate(facts, options));
        Console.WriteLine($"outcome={tiered.Compiled!.Cache.Outcome} fault={tiered.Compiled.Cache.Fault} roslyn={roslyn} "
            + $"tests={results.Count(r => r.Passed)}/{results.Count} plan_ms={planned.TotalMilliseconds:F0} ready_ms={ready.TotalMilliseconds:F0}");
        return 0;
    }
}
