using System.CommandLine;
using Appraisal.Policy.Diagnostics;
using Appraisal.Policy.Tooling;

namespace Appraisal.Cli;

/// <summary>
/// <c>policy check &lt;paths...&gt; [--format text|json] [--strict] [--lang en|zh]</c>: every diagnostic, then how many
/// errors and warnings in how many files. Exit 1 on errors, and with <c>--strict</c> on warnings too.
/// </summary>
internal sealed class CheckCommand : FilesCommand
{
    private readonly Option<string> _format = new("--format")
    {
        Description = "Output format: text for people, json for tools",
        DefaultValueFactory = _ => "text",
    };

    private readonly Option<bool> _strict = new("--strict") { Description = "Warnings fail the check too (exit code 1)" };

    public CheckCommand() : base("check", "Check policy files and print their diagnostics. Exit code 1 if any has errors (or, with --strict, warnings).")
    {
        _format.AcceptOnlyFromAmong("text", "json");
        Options.Add(_format);
        Options.Add(_strict);
    }

    protected override int Run(ParseResult parseResult, IReadOnlyList<string> files, TextWriter stdout, TextWriter stderr, Language language)
    {
        CheckReport report;
        try
        {
            report = PolicyChecker.CheckFiles(files);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine(CommonOptions.Say(language, $"policy: cannot read: {e.Message}", $"policy：无法读取：{e.Message}"));
            return ExitCodes.Usage;
        }

        if (StartupTimings.Enabled)
        {
            // The checker's own stage times, summed over the files: where the check's time went.
            var stages = report.Policies.SelectMany(p => p.Stages).GroupBy(s => s.Stage)
                .Select(g => $"{g.Key} {g.Sum(s => s.Elapsed.TotalMilliseconds):F1}");
            StartupTimings.Mark("checked", $"[{string.Join(", ", stages)} ms]");
        }

        if (parseResult.GetValue(_format) == "json")
        {
            DiagnosticPrinter.WriteJson(stdout, report.Diagnostics, language);
            stdout.WriteLine();
        }
        else
        {
            var colour = Colour.For(stdout);
            var text = new StringWriter();
            DiagnosticPrinter.WriteText(text, report.Diagnostics, language);
            stdout.Write(colour.Diagnostics(text.ToString()));
            var summary = CommonOptions.Say(language,
                $"{DiagnosticPrinter.Summary(report.ErrorCount, report.WarningCount, language)} in {files.Count} file(s)",
                $"{files.Count} 个文件：{DiagnosticPrinter.Summary(report.ErrorCount, report.WarningCount, language)}");
            stdout.WriteLine(report.HasErrors ? colour.Red(summary) : report.WarningCount > 0 ? colour.Yellow(summary) : colour.Green(summary));
        }
        StartupTimings.Mark("printed");
        if (report.HasErrors) return ExitCodes.Failure;
        if (report.WarningCount > 0 && parseResult.GetValue(_strict))
        {
            stderr.WriteLine(CommonOptions.Say(language, $"policy: --strict: {report.WarningCount} warning(s) fail the check",
                $"policy：--strict：{report.WarningCount} 个警告，检查未通过"));
            return ExitCodes.Failure;
        }
        return ExitCodes.Success;
    }
}
