using System.CommandLine;
using System.CommandLine.Invocation;
using System.Text;

namespace Appraisal.Cli;

/// <summary>
/// The `policy` tool. <see cref="Run"/> is the whole program with its console passed in, so tests run it in-process.
/// Exit codes: <see cref="ExitCodes"/>.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        StartupTimings.Start(Console.Error);
        Console.OutputEncoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);
        var exitCode = Run(args, Console.Out, Console.Error);
        StartupTimings.Mark("exit");
        return exitCode;
    }

    /// <summary>Parses <paramref name="args"/>, runs the command and returns the exit code.</summary>
    public static int Run(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr)
    {
        var parseResult = BuildRootCommand().Parse(args);
        StartupTimings.Mark("parsed");
        // Usage errors: say what is wrong, what was probably meant and where help is, without the full help text.
        if (parseResult.Action is ParseErrorAction) return UsageErrors.Write(parseResult, stderr);
        return parseResult.Invoke(new InvocationConfiguration { Output = stdout, Error = stderr });
    }

    public static RootCommand BuildRootCommand() => new("policy: check, format, test and evaluate appraisal policies, and read the ledger.")
    {
        Subcommands =
        {
            new CheckCommand(), new FmtCommand(), new TestCommand(), new EvalCommand(), new HistoryCommand(), new DiffCommand(), new PublishCommand(),
            new ReplayCommand(),
            new LspCommand(),
        },
    };
}

public static class ExitCodes
{
    /// <summary>Everything is fine (warnings allowed).</summary>
    public const int Success = 0;
    /// <summary>A policy has errors, or `fmt --check` found files that would change.</summary>
    public const int Failure = 1;
    /// <summary>The command line is wrong: unknown option, missing or nonexistent path.</summary>
    public const int Usage = 2;
}
