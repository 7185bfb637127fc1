using System.CommandLine;
using Appraisal.Engine;
using Appraisal.Engine.Values;
using Appraisal.Impact.Diff;
using Appraisal.Impact.Recorded;
using Appraisal.Impact.Reports;
using Appraisal.Impact.Teams;
using Appraisal.Ledger;
using Appraisal.Policy.Diagnostics;

namespace Appraisal.Cli;

/// <summary>
/// <c>policy diff OLD NEW (--team FILE | --recorded-period P) [--ledger L] [--policy-id ID] [--format text|json|csv|html]
/// [--out FILE] [--period P] [--lang en|zh] [--top N] [--score OUTPUT] [--money OUTPUT]</c>: both versions of a policy
/// evaluated over a population and what changed, per subject and overall (<see cref="PolicyDiff"/>). OLD and NEW are
/// policy files or references to the ledger's policy registry (<see cref="LedgerReference"/>: <c>ledger:ID@HASH</c>,
/// <c>ledger:ID@2026-04-01</c>, <c>ledger:ID</c> for the version in force today), resolved with <c>--ledger</c>. The
/// population is a team file (CSV or .xlsx, TEAMS.md) or the facts recorded in the ledger for a period
/// (<see cref="RecordedPopulation"/>: the latest revision of each subject, with the earlier periods it read; erased
/// records skipped and counted). Text on standard output by default; an HTML report is Chinese unless <c>--lang en</c>
/// is given. A bad population: every bad cell (the first <see cref="MaxListed"/>) on standard error, exit 1. A reference
/// that names nothing (no such hash, nothing in force on the day, no <c>--ledger</c>): exit 2, naming it.
/// </summary>
internal sealed class DiffCommand : Command
{
    /// <summary>How many bad cells are printed; the rest are counted.</summary>
    public const int MaxListed = 50;

    private readonly Argument<string> _old = new("old") { Description = "The policy as it is: a file, or ledger:ID[@HASH|@yyyy-MM-dd] (with --ledger)" };
    private readonly Argument<string> _new = new("new") { Description = "The policy as changed: a file, or ledger:ID[@HASH|@yyyy-MM-dd] (with --ledger)" };
    private readonly Option<string?> _team = new("--team") { Description = "The population: a .csv or .xlsx file, one row per subject (see TEAMS.md)" };
    private readonly Option<string?> _recordedPeriod = new("--recorded-period")
    {
        Description = "The population: the facts recorded in the ledger for this period (e.g. 2026-Q2), the latest revision of each subject",
    };
    private readonly Option<string?> _ledger = new("--ledger") { Description = LedgerArgument.Description + "; resolves ledger: versions and --recorded-period" };
    private readonly Option<string?> _policyId = new("--policy-id")
    {
        Description = "With --recorded-period: whose records (default: the policy id of NEW, else of OLD, when it comes from the ledger)",
    };
    private readonly Option<string> _format = new("--format") { Description = "text, json, csv, or html (a report to open in a browser)", DefaultValueFactory = _ => "text" };
    private readonly Option<string?> _out = new("--out") { Description = "Write the report to this file (default: standard output)" };
    private readonly Option<string?> _period = new("--period") { Description = "The appraised period, e.g. 2026-Q2 or 2026-03 (default: the --recorded-period)" };
    private readonly Option<string> _language = CommonOptions.Language();
    private readonly Option<int> _top = CommonOptions.WholeNumber("--top", "How many of the largest changes to list per numeric output", 10);
    private readonly Option<string?> _score = new("--score") { Description = "The score output drawn before/after (default: the first output in points)" };
    private readonly Option<string?> _money = new("--money") { Description = "The money output drawn before/after (default: the last money output)" };

    public DiffCommand() : base("diff", "Evaluate two versions of a policy over a team, or over the facts recorded for a period, and report what changed.")
    {
        _format.AcceptOnlyFromAmong("text", "json", "csv", "html");
        Arguments.Add(_old);
        Arguments.Add(_new);
        Options.Add(_team);
        Options.Add(_recordedPeriod);
        Options.Add(_ledger);
        Options.Add(_policyId);
        Options.Add(_format);
        Options.Add(_out);
        Options.Add(_period);
        Options.Add(_language);
        Options.Add(_top);
        Options.Add(_score);
        Options.Add(_money);
        SetAction(parseResult => RunAsync(parseResult).GetAwaiter().GetResult());
    }

    private async Task<int> RunAsync(ParseResult parseResult)
    {
        var stdout = parseResult.InvocationConfiguration.Output;
        var stderr = parseResult.InvocationConfiguration.Error;
        var language = CommonOptions.GetLanguage(parseResult, _language);
        string Say(string en, string zh) => CommonOptions.Say(language, en, zh);
        int Usage(string en, string zh)
        {
            stderr.WriteLine(Say(en, zh));
            return ExitCodes.Usage;
        }
        var arguments = new[] { parseResult.GetValue(_old)!, parseResult.GetValue(_new)! };
        var teamPath = parseResult.GetValue(_team);
        var recordedText = parseResult.GetValue(_recordedPeriod);
        var ledgerText = parseResult.GetValue(_ledger);
        if ((teamPath is null) == (recordedText is null))
            return Usage(teamPath is null
                    ? "policy: the population is required: --team FILE, or --recorded-period P with --ledger"
                    : "policy: --team and --recorded-period are two populations: give one",
                teamPath is null ? "policy：需要指定人员范围：--team 文件，或 --recorded-period 周期（配合 --ledger）" : "policy：--team 与 --recorded-period 只能给一个");

        var references = new LedgerReference?[2];
        for (var i = 0; i < 2; i++)
        {
            var argument = arguments[i];
            if (LedgerReference.IsReference(argument))
            {
                var (reference, error) = LedgerReference.Parse(argument);
                if (reference is null) return Usage("policy: " + error!.En, "policy：" + error!.Zh);
                if (ledgerText is null)
                    return Usage($"policy: {argument}: a ledger reference is resolved with --ledger FILE|CONNSTRING",
                        $"policy：{argument}：台账登记簿引用需要 --ledger 文件或连接串");
                references[i] = reference;
            }
            else if (!File.Exists(argument)) return Usage($"policy: path not found: {argument}", $"policy：路径不存在：{argument}");
        }
        if (teamPath is not null)
        {
            if (!File.Exists(teamPath)) return Usage($"policy: path not found: {teamPath}", $"policy：路径不存在：{teamPath}");
            if (TeamFile.FormatOf(teamPath) is null)
                return Usage($"policy: --team takes a .csv or .xlsx file: {teamPath}", $"policy：--team 应为 .csv 或 .xlsx 文件：{teamPath}");
        }
        PeriodValue? recorded = null;
        if (recordedText is not null)
        {
            if (ParsePeriod(recordedText, "--recorded-period", stderr, language) is not { } parsed) return ExitCodes.Usage;
            if (ledgerText is null)
                return Usage("policy: --recorded-period reads the ledger: give --ledger FILE|CONNSTRING", "policy：--recorded-period 读取台账：请给出 --ledger 文件或连接串");
            recorded = parsed;
        }
        PeriodValue? period = recorded;
        if (parseResult.GetValue(_period) is { } periodText)
        {
            if (ParsePeriod(periodText, "--period", stderr, language) is not { } parsed) return ExitCodes.Usage;
            if (recorded is { } r && parsed != r)
                return Usage($"policy: --period {periodText} is not the --recorded-period {r}: the records are evaluated for their own period",
                    $"policy：--period {periodText} 与 --recorded-period {r} 不同：记录按其所属周期计算");
            period = parsed;
        }
        var top = parseResult.GetValue(_top);
        if (top is < 0 or > 10_000) return Usage("policy: --top is a number from 0 to 10000", "policy：--top 应为 0 到 10000 之间的数");
        var needsLedger = recorded is not null || references.Any(r => r is not null);
        if (needsLedger && !LedgerArgument.IsConnectionString(ledgerText!) && !File.Exists(ledgerText))
            return Usage($"policy: ledger file not found: {ledgerText}", $"policy：台账文件不存在：{ledgerText}");

        // The versions: files are loaded as they are; references are resolved against the registry.
        var versions = new DiffVersion[2];
        for (var i = 0; i < 2; i++)
        {
            if (references[i] is not null) continue;
            var loaded = PolicyPipeline.LoadFile(arguments[i]);
            if (loaded.Plan is not { } plan)
            {
                DiagnosticPrinter.WriteText(stderr, loaded.Diagnostics, language);
                return ExitCodes.Failure;
            }
            versions[i] = new DiffVersion(arguments[i], plan, PolicyHash.Of(loaded.Checked)) { Source = DiffVersionSource.File(arguments[i]) };
        }
        ILedger? ledger = null;
        RecordedPopulation? population = null;
        string? populationLabel = null;
        try
        {
            if (needsLedger) ledger = await LedgerArgument.OpenExistingAsync(ledgerText!);
            var today = DateOnly.FromDateTime(TimeProvider.System.GetLocalNow().DateTime);
            for (var i = 0; i < 2; i++)
            {
                if (references[i] is not { } reference) continue;
                var lookup = await LedgerVersions.ResolveAsync(ledger!, reference, today);
                if (lookup.Version is not { } version)
                {
                    stderr.WriteLine(Say("policy: " + lookup.Problem!.En, "policy：" + lookup.Problem!.Zh));
                    // A reference that names nothing is the command line's mistake; a kept version that no longer plans is a failure.
                    return lookup.Status == VersionLookupStatus.Unusable ? ExitCodes.Failure : ExitCodes.Usage;
                }
                versions[i] = version;
            }
            if (CheckPeriodKind(period, versions, stderr, language) is { } usage) return usage;
            if (CheckOutputs(parseResult, versions, stderr, language) is { } badOutput) return badOutput;
            if (recorded is { } recordedPeriod)
            {
                var policyId = parseResult.GetValue(_policyId) ?? versions[1].Source?.PolicyId ?? versions[0].Source?.PolicyId;
                if (policyId is null)
                    return Usage("policy: --recorded-period needs --policy-id (whose records to read): neither version comes from the ledger",
                        "policy：--recorded-period 需要 --policy-id（读取哪个策略的记录）：两个版本都不是来自台账");
                var (read, problem) = await RecordedPopulation.ReadAsync(ledger!, policyId, recordedPeriod,
                    new RecordedPopulationOptions { EarlierPeriods = versions.Any(v => v.Plan.ReadsEarlierPeriods) });
                if (read is null)
                {
                    stderr.WriteLine(Say("policy: " + problem!.En, "policy：" + problem!.Zh));
                    return ExitCodes.Failure;
                }
                if (read.Source.Records == 0)
                {
                    stderr.WriteLine(Say($"policy: {LedgerArgument.Name(ledgerText!)} has no records of {policyId} for {recordedPeriod}",
                        $"policy：{LedgerArgument.Name(ledgerText!)} 中没有 {policyId} 在 {recordedPeriod} 的记录"));
                    return ExitCodes.Failure;
                }
                population = read;
                populationLabel = $"{LedgerArgument.Name(ledgerText!)} ({policyId}, {recordedPeriod})";
                if (read.Source.SkippedCount > 0)
                    stderr.WriteLine(Say(
                        $"policy: {populationLabel}: skipped {read.Source.SkippedCount} of {read.Source.Subjects} subject(s): "
                        + string.Join("; ", read.Source.Skipped.Select(k => $"{k.Message.En} ({k.Count})")),
                        $"policy：{populationLabel}：{read.Source.Subjects} 人中跳过 {read.Source.SkippedCount} 人："
                        + string.Join("；", read.Source.Skipped.Select(k => $"{k.Message.Zh}（{k.Count} 人）"))));
            }
        }
        catch (Exception e) when (LedgerArgument.IsLedgerError(e))
        {
            stderr.WriteLine($"policy: {LedgerArgument.Name(ledgerText!)}: {e.Message}");
            return ExitCodes.Failure;
        }
        finally
        {
            if (ledger is not null) await ledger.DisposeAsync();
        }

        var options = new DiffOptions
        {
            Period = period, Top = top, ScoreOutput = parseResult.GetValue(_score), MoneyOutput = parseResult.GetValue(_money), MaxErrors = MaxListed,
        };
        DiffResult result;
        if (population is not null)
        {
            result = PolicyDiff.Run(versions[0], versions[1], population, options);
            if (result.Report is null) return BadTeam(result.Errors, result.ErrorCount, populationLabel!, stderr, language);
        }
        else
        {
            var opened = TeamFile.Open(teamPath!, [versions[0].Plan.Inputs, versions[1].Plan.Inputs]);
            if (opened.File is not { } team) return BadTeam(opened.Errors, opened.Errors.Count, teamPath!, stderr, language);
            using (team)
            {
                if (team.Encoding == "GB18030")
                    stderr.WriteLine(Say($"policy: {teamPath}: not UTF-8, read as GB18030", $"policy：{teamPath}：不是 UTF-8，已按 GB18030 读取"));
                result = PolicyDiff.Run(versions[0], versions[1], team.Members(), PopulationSource.Team(teamPath!), options);
            }
            if (result.Report is null) return BadTeam(result.Errors, result.ErrorCount, teamPath!, stderr, language);
        }
        return Write(parseResult, result.Report, stdout, stderr, language);
    }

    /// <summary>A period in canonical form, or null after saying what is wrong (a usage error).</summary>
    private static PeriodValue? ParsePeriod(string text, string option, TextWriter stderr, Language language)
    {
        if (PeriodValue.TryParse(text, out var parsed) && parsed.ToString() == text) return parsed;
        stderr.WriteLine(CommonOptions.Say(language, $"policy: {option} '{text}' is not a period in canonical form (e.g. 2026-Q2, 2026-H1, 2026-03, 2026)",
            $"policy：{option}「{text}」不是规范写法的考核周期（例如 2026-Q2、2026-H1、2026-03、2026）"));
        return null;
    }

    /// <summary>A usage error when the period is not of the kind a version is appraised by.</summary>
    private static int? CheckPeriodKind(PeriodValue? period, IReadOnlyList<DiffVersion> versions, TextWriter stderr, Language language)
    {
        if (period is not { } parsed) return null;
        foreach (var version in versions)
        {
            if (version.Plan.PeriodKind is not { } kind || parsed.Kind == kind) continue;
            var name = kind.ToString().ToLowerInvariant();
            stderr.WriteLine(CommonOptions.Say(language, $"policy: '{parsed}' is not a {name}: {version.Label} is appraised by {name}",
                $"policy：'{parsed}' 不是 {version.Label} 的考核周期（按 {name} 考核）"));
            return ExitCodes.Usage;
        }
        return null;
    }

    /// <summary>A usage error when --score or --money is not a numeric output of both versions.</summary>
    private int? CheckOutputs(ParseResult parseResult, IReadOnlyList<DiffVersion> versions, TextWriter stderr, Language language)
    {
        var numeric = PolicyDiff.Outputs(versions[0].Plan, versions[1].Plan).Where(o => o.IsNumeric && o.OldType is not null && o.NewType is not null)
            .Select(o => o.Name).ToList();
        foreach (var (option, name) in new[] { ("--score", parseResult.GetValue(_score)), ("--money", parseResult.GetValue(_money)) })
        {
            if (name is null || numeric.Contains(name)) continue;
            stderr.WriteLine(CommonOptions.Say(language, $"policy: {option} {name}: not a numeric output of both versions (they have {string.Join(", ", numeric)})",
                $"policy：{option} {name}：不是两个版本共有的数值输出（共有：{string.Join("、", numeric)}）"));
            return ExitCodes.Usage;
        }
        return null;
    }

    /// <summary>The report in the format asked for, on standard output or in --out.</summary>
    private int Write(ParseResult parseResult, DiffReport report, TextWriter stdout, TextWriter stderr, Language language)
    {
        string Say(string en, string zh) => CommonOptions.Say(language, en, zh);
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
