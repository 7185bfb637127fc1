using System.CommandLine;
using Appraisal.Policy.Diagnostics;
using Appraisal.Policy.Tooling;

namespace Appraisal.Cli;

/// <summary><c>policy check &lt;paths...&gt; [--format text|json] [--lang en|zh]</c></summary>
internal sealed class CheckCommand : Command
{
    private readonly Argument<string[]> _paths = CommonOptions.Paths();
    private readonly Option<string> _language = CommonOptions.Language();
    private readonly Option<string> _format = new("--format")
    {
        Description = "Output format: text for people, json for tools",
        DefaultValueFactory = _ => "text",
    };

    public CheckCommand() : base("check", "Check policy files and print their diagnostics. Exit code 1 if any has errors.")
    {
        _format.AcceptOnlyFromAmong("text", "json");
        Arguments.Add(_paths);
        Options.Add(_format);
        Options.Add(_language);
        SetAction(Run);
    }

    private int Run(ParseResult parseResult)
    {
        var stdout = parseResult.InvocationConfiguration.Output;
        var stderr = parseResult.InvocationConfiguration.Error;
        var language = CommonOptions.GetLanguage(parseResult, _language);
        var files = CommonOptions.ExpandPaths(parseResult.GetValue(_paths) ?? [], stderr, language);
        if (files is null) return ExitCodes.Usage;

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
        return report.HasErrors ? ExitCodes.Failure : ExitCodes.Success;
    }
}
