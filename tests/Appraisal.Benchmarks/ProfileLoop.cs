using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using BenchmarkDotNet.Attributes;

namespace Appraisal.Policy.Benchmarks;

/// <summary>
/// <c>loop CLASS METHOD [SECONDS]</c>: one benchmark method called in a loop for a while, for a profiler to watch
/// (<c>dotnet-trace collect --profile dotnet-sampled-thread-time -- dotnet bin/Release/…/Appraisal.Benchmarks.dll loop
/// FactReadingBenchmarks FactReaderUtf8 10</c>, then <c>dotnet-trace report FILE topN</c>). It measures nothing itself
/// beyond a rough rate; the figures are BenchmarkDotNet's.
/// </summary>
internal static class ProfileLoop
{
    public static bool TryRun(string[] args)
    {
        if (args is not ["loop", var className, var methodName, .. var rest]) return false;
        var seconds = rest.Length > 0 ? double.Parse(rest[0], CultureInfo.InvariantCulture) : 10;
        var type = typeof(ProfileLoop).Assembly.GetTypes().Single(t => t.Name == className);
        var instance = Activator.CreateInstance(type)!;
        foreach (var setup in type.GetMethods().Where(m => m.GetCustomAttribute<GlobalSetupAttribute>() is not null))
            setup.Invoke(instance, null);
        var method = type.GetMethod(methodName) ?? throw new ArgumentException($"{className} has no method {methodName}");
        var call = (Func<object?>)Delegate.CreateDelegate(typeof(Func<object?>), instance, method, throwOnBindFailure: false)!
            ?? (() => method.Invoke(instance, null));
        var clock = Stopwatch.StartNew();
        long calls = 0;
        while (clock.Elapsed.TotalSeconds < seconds)
        {
            for (var i = 0; i < 10_000; i++) call();
            calls += 10_000;
        }
        Console.WriteLine($"{className}.{methodName}: {calls:N0} calls, {clock.Elapsed.TotalNanoseconds / calls:N0} ns each (with the loop's own cost)");
        return true;
    }
}
