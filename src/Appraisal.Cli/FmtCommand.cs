using System.CommandLine;
using Appraisal.Policy.Diagnostics;
using Appraisal.Policy.Tooling;

namespace Appraisal.Cli;

/// <summary>
/// <c>policy fmt &lt;paths...&gt; [--check] [--lang en|zh]</c>: rewrites files in canonical form. A file with syntax
/// errors is never touched: its errors are printed (stderr) and the exit code is 1. With <c>--check</c> nothing is
/// written; files that would change are listed (stdout) and the exit code is 1 if there are any.
/// </summary>
internal sealed class FmtCommand : FilesCommand
{
    private readonly Option<bool> _check = new("--check")
    {
        Description = "Write nothing; list the files that would change and exit with 1 if there are any",
    };

    public FmtCommand() : base("fmt", "Format policy files in place.")
    {
        Options.Add(_check);
    }

    protected override int Run(ParseResult parseResult, IReadOnlyList<string> files, TextWriter stdout, TextWriter stderr, Language language)
    {
        var checkOnly = parseResult.GetValue(_check);

        var changed = 0;
        var broken = 0;
        foreach (var file in files)
        {
            FormatResult result;
            try
            {
                result = PolicyFormatter.FormatFile(file, checkOnly);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                stderr.WriteLine(CommonOptions.Say(language, $"policy: cannot format {file}: {e.Message}", $"policy：无法格式化 {file}：{e.Message}"));
                broken++;
                continue;
            }

            switch (result.Outcome)
            {
                case FormatOutcome.SyntaxErrors:
                    broken++;
                    DiagnosticPrinter.WriteText(stderr, result.Diagnostics, language);
                    stderr.WriteLine(CommonOptions.Say(language,
                        $"{file}: not formatted: fix the syntax errors first", $"{file}：有语法错误，未格式化"));
                    break;
                case FormatOutcome.Changed:
                    changed++;
                    stdout.WriteLine(checkOnly ? file : CommonOptions.Say(language, $"formatted {file}", $"已格式化 {file}"));
                    break;
            }
        }

        if (checkOnly && changed > 0)
        {
            stderr.WriteLine(CommonOptions.Say(language,
                $"{changed} file(s) would be reformatted; run 'policy fmt' to fix",
                $"{changed} 个文件需要格式化；运行 'policy fmt' 修正"));
        }
        return broken > 0 || (checkOnly && changed > 0) ? ExitCodes.Failure : ExitCodes.Success;
    }
}
