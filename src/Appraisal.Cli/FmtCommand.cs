using System.CommandLine;
using Appraisal.Policy.Diagnostics;
using Appraisal.Policy.Text;
using Appraisal.Policy.Tooling;
using DiffPlex.Renderer;

namespace Appraisal.Cli;

/// <summary>
/// <c>policy fmt &lt;paths...|-&gt; [-w|--write | --print | --diff] [--check] [--lang en|zh]</c>: the canonical form of
/// policy files. Files are rewritten in place (<c>-w</c>/<c>--write</c> says so explicitly, and is the default);
/// <c>--print</c> prints the formatted text instead and writes nothing; <c>--diff</c> prints a unified diff of what would
/// change (<c>patch -p0</c> applies it) and writes nothing; <c>--check</c> writes nothing, lists the files that would
/// change (or, with <c>--diff</c>, shows their diffs) and exits with 1 if there are any. <c>-</c> formats standard input
/// to standard output (or its diff, or with <c>--check</c> only the exit code). A file with syntax errors is never
/// touched: its errors are printed (stderr) and the exit code is 1.
/// </summary>
internal sealed class FmtCommand : FilesCommand
{
    /// <summary>How standard input is named in diagnostics and diffs.</summary>
    public const string StandardInputName = "<stdin>";

    private readonly Option<bool> _check = new("--check")
    {
        Description = "Write nothing; list the files that would change and exit with 1 if there are any",
    };
    private readonly Option<bool> _write = new("--write", "-w") { Description = "Rewrite the files in place (the default for files)" };
    private readonly Option<bool> _print = new("--print") { Description = "Print the formatted text to standard output; write nothing (the default for -)" };
    private readonly Option<bool> _diff = new("--diff") { Description = "Print a unified diff of what formatting changes; write nothing" };

    public FmtCommand() : base("fmt", "Format policy files in place, or print them or their diff; - formats standard input.")
    {
        Options.Add(_check);
        Options.Add(_write);
        Options.Add(_print);
        Options.Add(_diff);
    }

    protected override bool ReadsStandardInput => true;

    private enum Mode { Write, Print, Diff, List }

    /// <summary>What to do with a file that changes, or null after a usage error (options that exclude each other).</summary>
    private Mode? ModeOf(ParseResult parseResult, bool standardInput, TextWriter stderr, Language language)
    {
        var (check, write, print, diff) = (parseResult.GetValue(_check), parseResult.GetValue(_write), parseResult.GetValue(_print), parseResult.GetValue(_diff));
        string? conflict = (write, print, diff, check) switch
        {
            (true, true, _, _) => "-w/--write and --print",
            (true, _, true, _) => "-w/--write and --diff",
            (true, _, _, true) => "-w/--write and --check",
            (_, true, true, _) => "--print and --diff",
            (_, true, _, true) => "--print and --check",
            _ => null,
        };
        if (conflict is not null)
        {
            stderr.WriteLine(CommonOptions.Say(language, $"policy: {conflict} cannot be used together", $"policy：{conflict} 不能同时使用"));
            return null;
        }
        if (standardInput && write)
        {
            stderr.WriteLine(CommonOptions.Say(language, "policy: -w/--write cannot write standard input: it is printed", "policy：-w/--write 不能写回标准输入：结果会打印出来"));
            return null;
        }
        return diff ? Mode.Diff : check ? Mode.List : print || standardInput ? Mode.Print : Mode.Write;
    }

    protected override int RunStandardInput(ParseResult parseResult, TextWriter stdout, TextWriter stderr, Language language)
    {
        if (ModeOf(parseResult, standardInput: true, stderr, language) is not { } mode) return ExitCodes.Usage;
        if (Terminal.InIsTerminal) // a person at a terminal: say what is expected rather than wait in silence
        {
            stderr.WriteLine(CommonOptions.Say(language,
                "policy: waiting for a policy on standard input (then Ctrl-D); or give its file: policy fmt FILE",
                "policy：正在从标准输入读取政策（以 Ctrl-D 结束）；也可给出文件：policy fmt 文件"));
        }
        var original = Terminal.In.ReadToEnd();
        var result = PolicyFormatter.Format(new SourceText(StandardInputName, original));
        if (result.Outcome == FormatOutcome.SyntaxErrors)
        {
            WriteSyntaxErrors(result, stderr, language);
            return ExitCodes.Failure;
        }
        var check = parseResult.GetValue(_check);
        var changed = result.Outcome == FormatOutcome.Changed;
        switch (mode)
        {
            case Mode.Diff when changed:
                WriteDiff(stdout, StandardInputName, original, result.Formatted!);
                break;
            case Mode.Print:
                stdout.Write(result.Formatted);
                break;
        }
        return check && changed ? ExitCodes.Failure : ExitCodes.Success;
    }

    protected override int Run(ParseResult parseResult, IReadOnlyList<string> files, TextWriter stdout, TextWriter stderr, Language language)
    {
        if (ModeOf(parseResult, standardInput: false, stderr, language) is not { } mode) return ExitCodes.Usage;
        var check = parseResult.GetValue(_check);

        var changed = 0;
        var broken = 0;
        foreach (var file in files)
        {
            FormatResult result;
            string original;
            try
            {
                original = File.ReadAllText(file);
                result = PolicyFormatter.FormatFile(file, checkOnly: mode != Mode.Write);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                stderr.WriteLine(CommonOptions.Say(language, $"policy: cannot format {file}: {e.Message}", $"policy：无法格式化 {file}：{e.Message}"));
                broken++;
                continue;
            }

            if (result.Outcome == FormatOutcome.SyntaxErrors)
            {
                broken++;
                WriteSyntaxErrors(result, stderr, language);
                continue;
            }
            if (mode == Mode.Print) stdout.Write(result.Formatted);
            if (result.Outcome != FormatOutcome.Changed) continue;
            changed++;
            switch (mode)
            {
                case Mode.Write:
                    stdout.WriteLine(CommonOptions.Say(language, $"formatted {file}", $"已格式化 {file}"));
                    break;
                case Mode.List:
                    stdout.WriteLine(file);
                    break;
                case Mode.Diff:
                    WriteDiff(stdout, file, original, result.Formatted!);
                    break;
            }
        }

        if (check && changed > 0)
        {
            stderr.WriteLine(CommonOptions.Say(language,
                $"{changed} file(s) would be reformatted; run 'policy fmt' to fix",
                $"{changed} 个文件需要格式化；运行 'policy fmt' 修正"));
        }
        return broken > 0 || (check && changed > 0) ? ExitCodes.Failure : ExitCodes.Success;
    }

    private static void WriteSyntaxErrors(FormatResult result, TextWriter stderr, Language language)
    {
        var text = new StringWriter();
        DiagnosticPrinter.WriteText(text, result.Diagnostics, language);
        stderr.Write(Colour.For(stderr).Diagnostics(text.ToString()));
        stderr.WriteLine(CommonOptions.Say(language,
            $"{result.Path}: not formatted: fix the syntax errors first", $"{result.Path}：有语法错误，未格式化"));
    }

    /// <summary>A unified diff of one file (DiffPlex), its lines coloured on a terminal: removed red, added green.</summary>
    private static void WriteDiff(TextWriter stdout, string file, string original, string formatted)
    {
        var colour = Colour.For(stdout);
        // A text ending in a newline is lines, not lines and an empty one after them (which would be counted in the hunks).
        static string Lines(string text) => text.EndsWith('\n') ? text[..^1] : text;
        var diff = UnidiffRenderer.GenerateUnidiff(Lines(original), Lines(formatted), file, file, ignoreWhitespace: false, ignoreCase: false, contextLines: 3);
        foreach (var line in diff.ReplaceLineEndings("\n").TrimEnd('\n').Split('\n'))
        {
            stdout.WriteLine(line switch
            {
                _ when line.StartsWith("---", StringComparison.Ordinal) || line.StartsWith("+++", StringComparison.Ordinal) => colour.Bold(line),
                _ when line.StartsWith("@@", StringComparison.Ordinal) => colour.Dim(line),
                ['-', ..] => colour.Red(line),
                ['+', ..] => colour.Green(line),
                _ => line,
            });
        }
    }
}
