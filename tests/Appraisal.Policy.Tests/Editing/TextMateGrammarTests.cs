using System.Diagnostics;
using Appraisal.Testing;
using Xunit;

namespace Appraisal.Policy.Tests.Editing;

/// <summary>
/// The VS Code extension's TextMate grammar (src/vscode/syntaxes/policy.tmLanguage.json), run headless by
/// src/vscode/test/grammar-test.mjs with vscode-textmate + vscode-oniguruma: every regex a JavaScript RegExp too,
/// every lexer keyword scoped as one, every line of policies/ tokenised with nothing invalid, and the expectations in
/// src/vscode/test/cases/*.policy. The npm packages come from src/vscode/package-lock.json (installed once).
/// </summary>
public sealed class TextMateGrammarTests
{
    private static readonly string Extension = Path.Combine(RepositoryPaths.Root, "src", "vscode");

    [Fact]
    public void The_grammar_scopes_every_policy_and_meets_its_cases()
    {
        InstallPackagesOnce();
        var (exit, output) = Run("node", "test/grammar-test.mjs");
        Assert.True(exit == 0, "grammar-test.mjs failed:\n" + output);
        Assert.Contains(" 0 failures", output);
    }

    private static void InstallPackagesOnce()
    {
        if (File.Exists(Path.Combine(Extension, "node_modules", "vscode-textmate", "package.json"))) return;
        // Two test processes may get here together: npm ci under a lock file, checked again once held.
        using var gate = new FileStream(Path.Combine(Path.GetTempPath(), "appraisal-vscode-npm.lock"), FileMode.OpenOrCreate,
            FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose);
        if (File.Exists(Path.Combine(Extension, "node_modules", "vscode-textmate", "package.json"))) return;
        var (exit, output) = Run("npm", "ci --no-audit --no-fund");
        Assert.True(exit == 0, "npm ci in src/vscode failed:\n" + output);
    }

    private static (int Exit, string Output) Run(string file, string arguments)
    {
        var start = new ProcessStartInfo(file, arguments)
        {
            WorkingDirectory = Extension, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {file}");
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(TimeSpan.FromMinutes(5)))
        {
            process.Kill(entireProcessTree: true);
            return (-1, $"{file} {arguments} did not finish in 5 minutes\n{stdout}");
        }
        return (process.ExitCode, stdout + stderr.Result);
    }
}
