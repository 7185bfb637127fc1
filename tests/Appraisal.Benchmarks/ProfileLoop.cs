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
        // A [Params] property takes its first value, as the first case of a BenchmarkDotNet run would.
        foreach (var property in type.GetProperties().Where(p => p.GetCustomAttribute<ParamsAttribute>() is not null))
            property.SetValue(instance, property.GetCustomAttribute<ParamsAttribute>()!.Values[0]);
        foreach (var setup in type.GetMethods().Where(m => m.GetCustomAttribute<GlobalSetupAttribute>() is not null))
            setup.Invoke(instance, null);
        var method = type.GetMethod(methodName) ?? throw new ArgumentException($"{className} has no method {methodName}");
        var call = (Func<object?>)Delegate.CreateDelegate(typeof(Func<object?>), instance, method, throwOnBindFailure: false)!
            ?? (() => method.Invoke(instance, null));
        var clock = Stopwatch.StartNew();
        long calls = 0;
        var batch = 1; // doubled while a batch takes under 10 ms, so a slow method still stops on time
        while (clock.Elapsed.TotalSeconds < seconds)
        {
            var started = clock.Elapsed;
            for (var i = 0; i < batch; i++) call();
            calls += batch;
            if ((clock.Elapsed - started).TotalMilliseconds < 10 && batch < 1 << 20) batch *= 2;
        }
        Console.WriteLine($"{className}.{methodName}: {calls:N0} calls, {clock.Elapsed.TotalNanoseconds / calls:N0} ns each (with the loop's own cost)");
        return true;
    }
}
