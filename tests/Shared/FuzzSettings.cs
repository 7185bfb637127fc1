using System.Globalization;

namespace Appraisal.Testing;

/// <summary>
/// How a fuzz test picks its cases. The seed is taken from the commit being tested (the first 8 hex digits of
/// <c>git rev-parse HEAD</c>), so every commit is fuzzed with new cases and a run is repeatable on the same commit —
/// CI and a developer see the same cases; outside a git checkout each run takes a random seed. <c>FUZZ_SEED</c>
/// chooses a seed (long campaigns: many seeds, <c>FUZZ_COUNT</c> of 100,000s), <c>FUZZ_COUNT</c> the number of cases
/// and <c>FUZZ_CASE</c> one case to run alone.
/// </summary>
internal static class FuzzSettings
{
    public static int Seed => Environment("FUZZ_SEED") ?? CommitSeed() ?? Random.Shared.Next();

    public static int Count(int defaultCount) => Environment("FUZZ_COUNT") ?? defaultCount;

    public static int? Case => Environment("FUZZ_CASE");

    /// <summary>A seed from the commit under test, or null outside a git checkout.</summary>
    private static int? CommitSeed()
    {
        try
        {
            var start = new System.Diagnostics.ProcessStartInfo("git", "rev-parse HEAD")
            {
                WorkingDirectory = RepositoryPaths.Root, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            };
            using var git = System.Diagnostics.Process.Start(start);
            if (git is null) return null;
            var head = git.StandardOutput.ReadToEnd().Trim();
            git.WaitForExit();
            return git.ExitCode == 0 && head.Length >= 8 && int.TryParse(head[..8], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var hex)
                ? hex & int.MaxValue
                : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null; // no git on this machine: a random seed
        }
    }

    private static int? Environment(string name) =>
        int.TryParse(System.Environment.GetEnvironmentVariable(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
            ? value : null;
}
