using System.CommandLine;
using Appraisal.Engine.Evaluation;
using Appraisal.Ledger;
using Appraisal.Ledger.Recording;
using Appraisal.Ledger.Replay;
using Appraisal.Policy.Diagnostics;
using Newtonsoft.Json;

namespace Appraisal.Cli;

/// <summary>
/// <c>policy replay --ledger L (--request-id ID | --period P | --subject S | --policy-id ID) [--explain text] [--format text|json]</c>:
/// evaluates recorded decisions again from the version, facts and earlier periods the ledger kept (<see cref="Replayer"/>)
/// and reports each as identical, or the outputs that differ; a batch ends with a summary. Exit 0 when nothing differs,
/// 1 when an output differs or a record cannot be replayed (a record whose facts retention erased, or one written before
/// versions were kept, is reported and counted but does not fail).
/// </summary>
internal sealed class ReplayCommand : Command
{
    private readonly Option<string> _ledger = new("--ledger") { Description = LedgerArgument.Description, Required = true };
    private readonly Option<string?> _requestId = new("--request-id") { Description = "Replay the record of this request" };
    private readonly Option<string?> _period = new("--period") { Description = "Replay every record of this period, e.g. 2026-Q2" };
    private readonly Option<string?> _subject = new("--subject") { Description = "Replay every record of this subject" };
    private readonly Option<string?> _policyId = new("--policy-id") { Description = "Replay every record of this policy id (or narrow the others to it)" };
    private readonly Option<string> _explain = new("--explain") { Description = "none, or text: the regenerated explanation of each record replayed", DefaultValueFactory = _ => "none" };
    private readonly Option<string> _format = new("--format") { Description = "text for people, json for tools", DefaultValueFactory = _ => "text" };
    private readonly Option<string> _language = CommonOptions.Language();

    public ReplayCommand() : base("replay", "Evaluate recorded decisions again from what the ledger kept and report any output that differs.")
    {
        _explain.AcceptOnlyFromAmong("none", "text");
        _format.AcceptOnlyFromAmong("text", "json");
        Options.Add(_ledger);
        Options.Add(_requestId);
        Options.Add(_period);
        Options.Add(_subject);
        Options.Add(_policyId);
        Options.Add(_explain);
        Options.Add(_format);
        Options.Add(_language);
        SetAction(Run);
    }

    private int Run(ParseResult parseResult)
    {
        var stdout = parseResult.InvocationConfiguration.Output;
        var stderr = parseResult.InvocationConfiguration.Error;
        var language = CommonOptions.GetLanguage(parseResult, _language);
        string Say(string en, string zh) => CommonOptions.Say(language, en, zh);
        var requestId = parseResult.GetValue(_requestId);
        var selection = new ReplaySelection
        {
            Period = parseResult.GetValue(_period), SubjectId = parseResult.GetValue(_subject), PolicyId = parseResult.GetValue(_policyId),
        };
        if (requestId is null && selection is { Period: null, SubjectId: null, PolicyId: null })
        {
            stderr.WriteLine(Say("policy: --request-id, --period, --subject or --policy-id is required", "policy：需要 --request-id、--period、--subject 或 --policy-id"));
            stderr.WriteLine("Run 'policy replay --help' for usage.");
            return ExitCodes.Usage;
        }
        if (selection.Period is { } p && !Engine.Values.PeriodValue.TryParse(p, out _))
        {
            stderr.WriteLine(Say($"policy: --period '{p}' is not a period (e.g. 2026-Q2, 2026-H1, 2026-03, 2026)",
                $"policy：--period「{p}」不是考核周期（例如 2026-Q2、2026-H1、2026-03、2026）"));
            return ExitCodes.Usage;
        }
        var ledgerText = parseResult.GetValue(_ledger)!;
        if (!LedgerArgument.IsConnectionString(ledgerText) && !File.Exists(ledgerText))
        {
            stderr.WriteLine(Say($"policy: ledger file not found: {ledgerText}", $"policy：台账文件不存在：{ledgerText}"));
            return ExitCodes.Usage;
        }

        IReadOnlyList<ReplayOutcome> outcomes;
        try
        {
            var found = ReplayAsync(ledgerText, requestId, selection).GetAwaiter().GetResult();
            if (found is null)
            {
                stderr.WriteLine(Say($"policy: no record of request {requestId}", $"policy：没有请求 {requestId} 的记录"));
                return ExitCodes.Failure;
            }
            outcomes = found;
        }
        catch (Exception e) when (LedgerArgument.IsLedgerError(e))
        {
            stderr.WriteLine($"policy: {LedgerArgument.Name(ledgerText)}: {e.Message}");
            return ExitCodes.Failure;
        }

        var explain = parseResult.GetValue(_explain) == "text";
        if (parseResult.GetValue(_format) == "json") WriteJson(stdout, outcomes, explain, language);
        else WriteText(stdout, outcomes, explain, language, requestId is null);
        return outcomes.Any(o => o.Status is ReplayStatus.Different or ReplayStatus.NotReplayable) ? ExitCodes.Failure : ExitCodes.Success;
    }

    private static async Task<IReadOnlyList<ReplayOutcome>?> ReplayAsync(string ledgerText, string? requestId, ReplaySelection selection)
    {
        await using var ledger = await LedgerArgument.OpenExistingAsync(ledgerText);
        var replayer = new Replayer(ledger);
        if (requestId is null) return (await replayer.ReplayAllAsync(selection)).Outcomes;
        var one = await replayer.ReplayAsync(requestId);
        return one.Value is { } outcome ? [outcome] : null;
    }

    private static string Status(ReplayOutcome outcome, Language language)
    {
        var zh = language == Language.Zh;
        return outcome.Status switch
        {
            ReplayStatus.Identical => zh ? "一致" : "identical",
            ReplayStatus.Different => (zh ? "不一致：" : "DIFFERENT: ") + string.Join(zh ? "；" : "; ",
                outcome.Differences.Select(d => $"{d.Name} {d.Recorded ?? (zh ? "（无）" : "(none)")} → {d.Replayed ?? (zh ? "（无）" : "(none)")}")),
            ReplayStatus.FactsErased => zh ? "事实已按保留期限删除，无法重放" : "not replayed: " + outcome.Reason,
            ReplayStatus.VersionNotKept => zh ? $"登记簿中没有版本 {outcome.Record.PolicyVersion}，无法重放" : "not replayed: " + outcome.Reason,
            _ => (zh ? "无法重放：" : "NOT REPLAYABLE: ") + outcome.Reason,
        };
    }

    private static void WriteText(TextWriter stdout, IReadOnlyList<ReplayOutcome> outcomes, bool explain, Language language, bool batch)
    {
        foreach (var outcome in outcomes)
        {
            var r = outcome.Record;
            stdout.WriteLine($"{r.RequestId}  {r.SubjectId}  {r.Period}  r{r.Revision}  {r.PolicyId}  {r.PolicyVersion}  {Status(outcome, language)}");
            if (explain && outcome.Outcome is { } replayed)
                stdout.WriteLine("  " + ExplanationText.Render(replayed, r.Language == "zh" ? Language.Zh : Language.En).TrimEnd()
                    .ReplaceLineEndings("\n").Replace("\n", "\n  ", StringComparison.Ordinal));
        }
        if (!batch) return;
        int Count(ReplayStatus status) => outcomes.Count(o => o.Status == status);
        stdout.WriteLine(CommonOptions.Say(language,
            $"replayed {outcomes.Count} record(s): {Count(ReplayStatus.Identical)} identical, {Count(ReplayStatus.Different)} different, " +
            $"{Count(ReplayStatus.FactsErased)} facts erased, {Count(ReplayStatus.VersionNotKept)} version not kept, {Count(ReplayStatus.NotReplayable)} not replayable",
            $"重放 {outcomes.Count} 条记录：{Count(ReplayStatus.Identical)} 条一致，{Count(ReplayStatus.Different)} 条不一致，" +
            $"{Count(ReplayStatus.FactsErased)} 条事实已删除，{Count(ReplayStatus.VersionNotKept)} 条版本未保存，{Count(ReplayStatus.NotReplayable)} 条无法重放"));
    }

    private static void WriteJson(TextWriter stdout, IReadOnlyList<ReplayOutcome> outcomes, bool explain, Language language)
    {
        using (var writer = new JsonTextWriter(stdout) { Formatting = Formatting.Indented, CloseOutput = false })
        {
            writer.WriteStartObject();
            writer.WritePropertyName("records");
            writer.WriteStartArray();
            foreach (var outcome in outcomes)
            {
                var r = outcome.Record;
                writer.WriteStartObject();
                void Text(string name, string? value) { writer.WritePropertyName(name); writer.WriteValue(value); }
                Text("requestId", r.RequestId);
                Text("subjectId", r.SubjectId);
                Text("period", r.Period);
                writer.WritePropertyName("revision");
                writer.WriteValue(r.Revision);
                Text("policyId", r.PolicyId);
                Text("policyVersion", r.PolicyVersion);
                Text("status", StatusName(outcome.Status));
                writer.WritePropertyName("differences");
                writer.WriteStartArray();
                foreach (var d in outcome.Differences)
                {
                    writer.WriteStartObject();
                    Text("output", d.Name);
                    Text("recorded", d.Recorded);
                    Text("replayed", d.Replayed);
                    writer.WriteEndObject();
                }
                writer.WriteEndArray();
                Text("reason", outcome.Reason);
                Text("recordedEngine", r.EngineVersion);
                Text("replayEngine", outcome.EngineVersion);
                if (explain) Text("explanationText", outcome.Outcome is { } o ? ExplanationText.Render(o, r.Language == "zh" ? Language.Zh : Language.En) : null);
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
            writer.WritePropertyName("summary");
            writer.WriteStartObject();
            foreach (var status in Enum.GetValues<ReplayStatus>())
            {
                writer.WritePropertyName(StatusName(status));
                writer.WriteValue(outcomes.Count(o => o.Status == status));
            }
            writer.WriteEndObject();
            writer.WriteEndObject();
        }
        stdout.WriteLine();
    }

    /// <summary>The status as JSON names it: <c>identical</c>, <c>different</c>, <c>factsErased</c>, <c>versionNotKept</c>, <c>notReplayable</c>.</summary>
    private static string StatusName(ReplayStatus status) => char.ToLowerInvariant(status.ToString()[0]) + status.ToString()[1..];
}
