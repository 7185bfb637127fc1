using System.CommandLine;
using Appraisal.Engine;
using Appraisal.Engine.Planning;
using Appraisal.Engine.Values;
using Appraisal.Impact.Diff;
using Appraisal.Impact.Reports;
using Appraisal.Impact.Teams;
using Appraisal.Policy.Diagnostics;

namespace Appraisal.Cli;

/// <summary>
/// <c>policy diff OLD NEW --team FILE [--format text|json|csv|html] [--out FILE] [--period P] [--lang en|zh] [--top N]
/// [--score OUTPUT] [--money OUTPUT]</c>: both versions of a policy evaluated over a team file (CSV or .xlsx, TEAMS.md)
/// and what changed, per subject and overall (<see cref="PolicyDiff"/>). Text on standard output by default; an HTML
/// report is Chinese unless <c>--lang en</c> is given. A bad team file: every bad cell (the first
/// <see cref="MaxListed"/>) on standard error, exit 1.
/// </summary>
internal sealed class DiffCommand : Command
{
    /// <summary>How many bad cells are printed; the rest are counted.</summary>
    public const int MaxListed = 50;

    private readonly Argument<string> _old = new("old") { Description = "The policy as it is" };
    private readonly Argument<string> _new = new("new") { Description = "The policy as changed" };
    private readonly Option<string> _team = new("--team") { Description = "The team: a .csv or .xlsx file, one row per subject (see TEAMS.md)", Required = true };
    private readonly Option<string> _format = new("--format") { Description = "text, json, csv, or html (a report to open in a browser)", DefaultValueFactory = _ => "text" };
    private readonly Option<string?> _out = new("--out") { Description = "Write the report to this file (default: standard output)" };
    private readonly Option<string?> _period = new("--period") { Description = "The appraised period, e.g. 2026-Q2 or 2026-03" };
    private readonly Option<string> _language = CommonOptions.Language();
    private readonly Option<int> _top = new("--top") { Description = "How many of the largest changes to list per numeric output", DefaultValueFactory = _ => 10 };
    private readonly Option<string?> _score = new("--score") { Description = "The score output drawn before/after (default: the first output in points)" };
    private readonly Option<string?> _money = new("--money") { Description = "The money output drawn before/after (default: the last money output)" };

    public DiffCommand() : base("diff", "Evaluate two versions of a policy over a team and report what changed.")
    {
        _format.AcceptOnlyFromAmong("text", "json", "csv", "html");
        Arguments.Add(_old);
        Arguments.Add(_new);
        Options.Add(_team);
        Options.Add(_format);
        Options.Add(_out);
        Options.Add(_period);
        Options.Add(_language);
        Options.Add(_top);
        Options.Add(_score);
        Options.Add(_money);
        SetAction(Run);
    }

    private int Run(ParseResult parseResult)
    {
        var stdout = parseResult.InvocationConfiguration.Output;
        var stderr = parseResult.InvocationConfiguration.Error;
        var language = CommonOptions.GetLanguage(parseResult, _language);
        string Say(string en, string zh) => CommonOptions.Say(language, en, zh);
        var oldPath = parseResult.GetValue(_old)!;
        var newPath = parseResult.GetValue(_new)!;
        var teamPath = parseResult.GetValue(_team)!;
        foreach (var path in new[] { oldPath, newPath, teamPath })
        {
            if (File.Exists(path)) continue;
            stderr.WriteLine(Say($"policy: path not found: {path}", $"policy：路径不存在：{path}"));
            return ExitCodes.Usage;
        }
        if (TeamFile.FormatOf(teamPath) is null)
        {
            stderr.WriteLine(Say($"policy: --team takes a .csv or .xlsx file: {teamPath}", $"policy：--team 应为 .csv 或 .xlsx 文件：{teamPath}"));
            return ExitCodes.Usage;
        }
        var top = parseResult.GetValue(_top);
        if (top is < 0 or > 10_000)
        {
            stderr.WriteLine(Say("policy: --top is a number from 0 to 10000", "policy：--top 应为 0 到 10000 之间的数"));
            return ExitCodes.Usage;
        }

        var versions = new List<DiffVersion>();
        foreach (var path in new[] { oldPath, newPath })
        {
            var loaded = PolicyPipeline.LoadFile(path);
            if (loaded.Plan is not { } plan)
            {
                DiagnosticPrinter.WriteText(stderr, loaded.Diagnostics, language);
                return ExitCodes.Failure;
            }
            versions.Add(new DiffVersion(path, plan, PolicyHash.Of(loaded.Checked)));
        }
        PeriodValue? period = null;
        if (parseResult.GetValue(_period) is { } periodText)
        {
            if (!PeriodValue.TryParse(periodText, out var parsed) || parsed.ToString() != periodText)
            {
                stderr.WriteLine(Say($"policy: '{periodText}' is not a period in canonical form (e.g. 2026-Q2, 2026-H1, 2026-03, 2026)",
                    $"policy：'{periodText}' 不是规范写法的考核周期（例如 2026-Q2、2026-H1、2026-03、2026）"));
                return ExitCodes.Usage;
            }
            foreach (var version in versions)
            {
                if (version.Plan.PeriodKind is not { } kind || parsed.Kind == kind) continue;
                stderr.WriteLine(Say($"policy: '{periodText}' is not a {kind.ToString().ToLowerInvariant()}: {version.Label} is appraised by {kind.ToString().ToLowerInvariant()}",
                    $"policy：'{periodText}' 不是 {version.Label} 的考核周期（按 {kind.ToString().ToLowerInvariant()} 考核）"));
                return ExitCodes.Usage;
            }
            period = parsed;
        }
        var numeric = PolicyDiff.Outputs(versions[0].Plan, versions[1].Plan).Where(o => o.IsNumeric && o.OldType is not null && o.NewType is not null)
            .Select(o => o.Name).ToList();
        foreach (var (option, name) in new[] { ("--score", parseResult.GetValue(_score)), ("--money", parseResult.GetValue(_money)) })
        {
            if (name is null || numeric.Contains(name)) continue;
            stderr.WriteLine(Say($"policy: {option} {name}: not a numeric output of both versions (they have {string.Join(", ", numeric)})",
                $"policy：{option} {name}：不是两个版本共有的数值输出（共有：{string.Join("、", numeric)}）"));
            return ExitCodes.Usage;
        }

        var opened = TeamFile.Open(teamPath, [versions[0].Plan.Inputs, versions[1].Plan.Inputs]);
        if (opened.File is not { } team) return BadTeam(opened.Errors, opened.Errors.Count, teamPath, stderr, language);
        DiffResult result;
        using (team)
        {
            if (team.Encoding == "GB18030")
                stderr.WriteLine(Say($"policy: {teamPath}: not UTF-8, read as GB18030", $"policy：{teamPath}：不是 UTF-8，已按 GB18030 读取"));
            result = PolicyDiff.Run(versions[0], versions[1], team.Members(), new DiffOptions
            {
                Period = period, Top = top, ScoreOutput = parseResult.GetValue(_score), MoneyOutput = parseResult.GetValue(_money),
                MaxErrors = MaxListed,
            });
        }
        if (result.Report is not { } report) return BadTeam(result.Errors, result.ErrorCount, teamPath, stderr, language);

        var format = parseResult.GetValue(_format)!;
        // A report is for HR and managers: Chinese unless --lang says otherwise; the text table follows --lang.
        var reportLanguage = format == "html" && parseResult.GetResult(_language) is not { Implicit: false } ? Language.Zh : language;
        var outPath = parseResult.GetValue(_out);
        try
        {
            if (format == "csv")
            {
                using Stream stream = outPath is null ? new MemoryStream() : File.Create(outPath);
                DiffCsv.Write(stream, report);
                if (stream is MemoryStream memory) stdout.Write(new System.Text.UTF8Encoding(false).GetString(memory.ToArray()));
            }
            else
            {
                using var file = outPath is null ? null : new StreamWriter(outPath, false, new System.Text.UTF8Encoding(false));
                var writer = (TextWriter?)file ?? stdout;
                switch (format)
                {
                    case "json": DiffJson.Write(writer, report, reportLanguage); break;
                    case "html": DiffHtml.Write(writer, report, reportLanguage); break;
                    default: DiffText.Write(writer, report, reportLanguage); break;
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine(Say($"policy: cannot write {outPath}: {e.Message}", $"policy：无法写入 {outPath}：{e.Message}"));
            return ExitCodes.Failure;
        }
        if (outPath is not null)
            stderr.WriteLine(Say($"policy: wrote {outPath}: {report.Summary.Changed} of {report.Summary.Subjects} subjects changed",
                $"policy：已写入 {outPath}：{report.Summary.Subjects} 人中 {report.Summary.Changed} 人有变化"));
        return ExitCodes.Success;
    }

    /// <summary>Every bad cell of a team file (the first <see cref="MaxListed"/>), and how many more; exit 1.</summary>
    internal static int BadTeam(IReadOnlyList<TeamError> errors, int total, string path, TextWriter stderr, Language language)
    {
        foreach (var error in errors.Take(MaxListed)) stderr.WriteLine($"{path}: {error.Format(language)}");
        var shown = Math.Min(errors.Count, MaxListed);
        if (total > shown)
            stderr.WriteLine(CommonOptions.Say(language, $"{path}: … and {total - shown} more", $"{path}：……另有 {total - shown} 处"));
        return ExitCodes.Failure;
    }
}
