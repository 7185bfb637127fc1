using System.CommandLine;
using Appraisal.Policy.Diagnostics;
using Appraisal.Policy.Tooling;

namespace Appraisal.Cli;

/// <summary><c>policy check &lt;paths...&gt; [--format text|json] [--lang en|zh]</c></summary>
internal sealed class CheckCommand : FilesCommand
{
    private readonly Option<string> _format = new("--format")
    {
        Description = "Output format: text for people, json for tools",
        DefaultValueFactory = _ => "text",
    };

    public CheckCommand() : base("check", "Check policy files and print their diagnostics. Exit code 1 if any has errors.")
    {
        _format.AcceptOnlyFromAmong("text", "json");
        Options.Add(_format);
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
            DiagnosticPrinter.WriteText(stdout, report.Diagnostics, language);
            DiagnosticPrinter.WriteSummary(stdout, report.ErrorCount, report.WarningCount, language);
        }
        StartupTimings.Mark("printed");
        return report.HasErrors ? ExitCodes.Failure : ExitCodes.Success;
    }
}
