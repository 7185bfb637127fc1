using System.Diagnostics;
using Xunit.Abstractions;

namespace Appraisal.Engine.Tests.Compilation;

/// <summary>
/// A restarted process takes a cached version's compiled tier from disk: Roslyn is not loaded at all (the assemblies
/// of Microsoft.CodeAnalysis stay unloaded), and the compiled code passes the policy's tests.
/// </summary>
public sealed class ColdStartTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "compile-cache-cold-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_directory)) Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public void A_fresh_process_loads_a_cached_compiled_tier_without_loading_Roslyn()
    {
        var policy = Path.Combine(RepositoryPaths.Policies, "after-sales", "售后客服考核.policy");
        var first = RunFreshProcess(policy);
        Assert.StartsWith("outcome=Miss fault=None roslyn=True tests=6/6 ", first);
        var second = RunFreshProcess(policy);
        Assert.StartsWith("outcome=Hit fault=None roslyn=False tests=6/6 ", second);
    }

    private string RunFreshProcess(string policy)
    {
        var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH")
            ?? (Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet" ? Environment.ProcessPath! : "dotnet");
        var start = new ProcessStartInfo(host) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { typeof(ColdStartProgram).Assembly.Location, "cold-start", policy, _directory }) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2))) process.Kill();
        output.WriteLine(stdout + stderr.Result);
        Assert.True(process.ExitCode == 0, stderr.Result);
        return stdout.Trim();
    }
}
