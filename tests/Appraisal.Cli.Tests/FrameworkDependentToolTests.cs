using System.Diagnostics;

namespace Appraisal.Cli.Tests;

/// <summary>
/// The framework-dependent `policy` (what `dotnet run`, `dotnet policy.dll` and the tool's JIT form run), as a process of
/// its own with its own runtimeconfig: unlike the Native AOT build, it can load generated code, so a batch uses the
/// compiled tier and leaves it in the compile cache for the next run.
/// </summary>
public sealed class FrameworkDependentToolTests
{
    [Fact]
    public void A_batch_compiles_the_policy_and_keeps_it_in_the_compile_cache()
    {
        using var workspace = new Workspace();
        workspace.Write("p.policy", Policies.QuarterlyPay);
        workspace.Write("facts.ndjson", "{ \"工资\": 1000 }\n{ \"工资\": 3000, \"未达成\": true }\n");
        var cache = Path.Combine(workspace.Root, "cache");

        var (exit, stdout, stderr) = Run(workspace.Root, "eval", "p.policy", "--facts", "facts.ndjson", "--batch", "--period", "2026-Q1", "--compile-cache", cache);

        Assert.True(exit == 0, stderr);
        Assert.Equal("""{"outputs":{"双未达成":false,"绩效比例":"0.1","绩效工资":"100.00"}}""", stdout.ReplaceLineEndings("\n").Split('\n')[0]);
        Assert.Single(Directory.GetFiles(cache, "*.pca")); // compiled by Roslyn and stored: the process could load it
    }

    private static (int Exit, string Stdout, string Stderr) Run(string directory, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = directory,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "policy.dll"));
        foreach (var arg in args) start.ArgumentList.Add(arg);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("cannot start policy");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("policy eval --batch did not finish in 2 minutes");
        }
        return (process.ExitCode, stdout.Result, stderr.Result);
    }
}
