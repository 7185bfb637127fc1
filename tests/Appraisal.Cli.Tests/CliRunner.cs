using System.Text;

namespace Appraisal.Cli.Tests;

/// <summary>What one in-process run of `policy` printed and returned.</summary>
public sealed record CliResult(int ExitCode, string Stdout, string Stderr)
{
    public override string ToString() => $"exit {ExitCode}\n--- stdout ---\n{Stdout}\n--- stderr ---\n{Stderr}";
}

/// <summary>Runs the CLI in-process, in a scratch directory of policy files that is deleted afterwards.</summary>
public sealed class Workspace : IDisposable
{
    public Workspace()
    {
        Root = Path.Combine(Path.GetTempPath(), "policy-cli-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Root);
    }

    public string Root { get; }

    public string Write(string relativePath, string text)
    {
        var path = Path.Combine(Root, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text, new UTF8Encoding(false));
        return path;
    }

    public string Read(string relativePath) => File.ReadAllText(Path.Combine(Root, relativePath));

    /// <summary>Runs `policy args...` with the workspace as the current directory, so relative paths resolve in it.</summary>
    public CliResult Run(params string[] args) => RunWith(null, false, false, args);

    /// <summary>Runs `policy args...` with <paramref name="stdin"/> as standard input (a pipe, or a terminal when <paramref name="stdinIsTerminal"/>).</summary>
    public CliResult RunWithInput(string stdin, bool stdinIsTerminal, params string[] args) => RunWith(stdin, stdinIsTerminal, false, args);

    /// <summary>Runs `policy args...` as if its stdout and stderr were a terminal (colour unless NO_COLOR).</summary>
    public CliResult RunOnTerminal(params string[] args) => RunWith(null, false, true, args);

    private CliResult RunWith(string? stdin, bool stdinIsTerminal, bool onTerminal, string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        using var terminal = Terminal.Use(new StringReader(stdin ?? ""), stdinIsTerminal, onTerminal ? [stdout, stderr] : []);
        int exitCode;
        lock (CurrentDirectoryLock)
        {
            // Read and restored under the lock: another test's run must never be mistaken for the original directory.
            var previous = Environment.CurrentDirectory;
            Environment.CurrentDirectory = Root;
            try
            {
                exitCode = Program.Run(args, stdout, stderr);
            }
            finally
            {
                Environment.CurrentDirectory = previous;
            }
        }
        return new CliResult(exitCode, stdout.ToString(), stderr.ToString());
    }

    // The current directory is process-wide and test classes run in parallel: every change to it happens under this lock.
    private static readonly Lock CurrentDirectoryLock = new();

    public void Dispose()
    {
        try { Directory.Delete(Root, recursive: true); } catch (IOException) { }
    }
}

public static class Policies
{
    /// <summary>A quarterly escalation: 10% to start, 5 points more after each quarter with the target missed, capped at 20%.</summary>
    public const string QuarterlyPay = """
        policy 季度绩效 period quarter
        input { 工资: money  未达成: bool = false }
        escalation 比例: percent {
          start 10%
          step 5% when 双未达成
          cap 20%
          reset when not 双未达成
        }
        output 双未达成: bool = 未达成
        output 绩效比例: percent = 比例
        output 绩效工资: money round 0.01 = 比例 of 工资
        """;

    /// <summary>A bonus of 10 yuan a point, appraised by quarter, with one test (80 points: 800.00 yuan).</summary>
    public const string Grades = """
        policy 等级 period quarter
        input { 得分: number }
        output 奖金: money round 0.01 = 得分 * 10 yuan
        test "八十分" {
          given { 得分: 80 }
          expect { 奖金: 800.00 yuan }
        }
        """;

    public const string Clean = """
        policy 售后客服考核
          version 2026.1
          period month

        input {
          迟到: count = 0
        }

        output 扣分: points = 5 each 迟到
        """;

    /// <summary>One syntax error: line 4, column 20 (the expression after "=" is missing).</summary>
    public const string SyntaxError = """
        policy 售后客服考核

        input { 迟到: count = 0 }
        output 扣分: points =
        """;
}
