using System.CommandLine;
using Appraisal.Engine;
using Appraisal.Engine.Evaluation;
using Appraisal.Engine.Facts;
using Appraisal.Engine.Hosting;
using Appraisal.Engine.Planning;
using Appraisal.Engine.Statements;
using Appraisal.Engine.Values;
using Appraisal.Engine.Versions;
using Appraisal.Impact.Teams;
using Appraisal.Ledger;
using Appraisal.Ledger.Recording;
using Appraisal.Policy.Diagnostics;
using Microsoft.Data.Sqlite;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace Appraisal.Cli;

/// <summary>
/// <c>policy eval &lt;policy&gt; [--facts F] [--batch | --group] [--period P] [--history H] [--explain none|text|json|html] [--lang en|zh]
/// [--ledger L [--subject S] [--record --request-id R] [--policy-id ID]]</c>.
/// One fact set (a JSON object) by default; <c>--batch</c>: newline-delimited fact sets, one JSON result per line;
/// <c>--group</c>: a JSON object of member id → facts, evaluated together (ranking, forced distribution), or with
/// <c>--team FILE.csv|FILE.xlsx</c> a team file (one row per member, TEAMS.md; every bad cell reported at its row and
/// column); <c>--out results.csv|results.xlsx</c> writes one row per member with its outputs instead of JSON.
/// Facts are read from <c>--facts</c>: a file, <c>-</c> for standard input, or inline JSON (a value starting with <c>{</c>);
/// without it, from standard input (on a terminal, after saying so on stderr). The policy is a file, a directory holding
/// one policy, or a policy id looked up as the service does (among the files under the nearest <c>policies/</c> folder). One fact set and a group go through the
/// same core as the service (<see cref="Appraiser"/>): with <c>--ledger</c>, earlier periods the policy needs come from
/// the subject's records (each member's, for a group) unless <c>--history</c> gives them, and <c>--record</c> records the
/// outcome there, idempotently on <c>--request-id</c>.
/// </summary>
internal sealed class EvalCommand : Command
{
    private readonly Argument<string> _policy = new("policy")
    {
        Description = "The policy: a file, a directory holding one policy, or a policy id under the nearest policies/ folder (after-sales/售后客服考核)",
    };
    private readonly Option<string?> _facts = new("--facts") { Description = "Facts: a JSON file, - for standard input, or inline JSON ('{...}') (default: standard input)" };
    private readonly Option<bool> _batch = new("--batch") { Description = "Newline-delimited fact sets; one result per line" };
    private readonly Option<string?> _compileCache = new("--compile-cache")
    {
        Description = "With --batch: where compiled policies are kept between runs (default: ~/.cache/appraisal/compile-cache, or $XDG_CACHE_HOME/appraisal/compile-cache); off: nowhere",
    };
    private readonly Option<bool> _group = new("--group") { Description = "A JSON object of member id → facts, evaluated together" };
    private readonly Option<string?> _team = new("--team") { Description = "With --group: the members from a team file (.csv or .xlsx, one row per member)" };
    private readonly Option<string?> _out = new("--out") { Description = "With --group: write one row per member with its outputs to a .csv or .xlsx file" };
    private readonly Option<string?> _period = new("--period") { Description = "The appraised period, e.g. 2026-Q2 or 2026-03" };
    private readonly Option<string?> _history = new("--history") { Description = "Earlier periods' outputs: a JSON file of period → outputs" };
    private readonly Option<string> _explain = new("--explain") { Description = "none, text, json, or html (a statement page; Chinese unless --lang en)", DefaultValueFactory = _ => "none" };
    private readonly Option<string> _language = CommonOptions.Language();
    private readonly Option<string?> _ledger = new("--ledger") { Description = LedgerArgument.Description };
    private readonly Option<bool> _record = new("--record") { Description = "Record the outcome in --ledger (a retry with the same --request-id records nothing twice)" };
    private readonly Option<string?> _subject = new("--subject") { Description = "The subject appraised: whose earlier periods are read and whose outcome is recorded" };
    private readonly Option<string?> _requestId = new("--request-id") { Description = "The request id to record under (a group's members: ID/member)" };
    private readonly Option<string?> _policyId = new("--policy-id")
    {
        Description = "The policy id to record under (default: its path under the nearest policies/ folder without .policy, as the service names it)",
    };

    public EvalCommand() : base("eval", "Evaluate facts against a policy and print the outputs (and their explanation).")
    {
        _explain.AcceptOnlyFromAmong("none", "text", "json", "html");
        Arguments.Add(_policy);
        Options.Add(_facts);
        Options.Add(_batch);
        Options.Add(_compileCache);
        Options.Add(_group);
        Options.Add(_team);
        Options.Add(_out);
        Options.Add(_period);
        Options.Add(_history);
        Options.Add(_explain);
        Options.Add(_language);
        Options.Add(_ledger);
        Options.Add(_record);
        Options.Add(_subject);
        Options.Add(_requestId);
        Options.Add(_policyId);
        SetAction(Run);
    }

    private int Run(ParseResult parseResult)
    {
        var stdout = parseResult.InvocationConfiguration.Output;
        var stderr = parseResult.InvocationConfiguration.Error;
        var language = CommonOptions.GetLanguage(parseResult, _language);
        var chinese = language == Language.Zh;
        string Say(string en, string zh) => CommonOptions.Say(language, en, zh);

        if (PolicyArgument.Resolve(parseResult.GetValue(_policy)!, stderr, language) is not { } policyPath) return ExitCodes.Usage;
        if (parseResult.GetValue(_batch) && parseResult.GetValue(_group))
        {
            stderr.WriteLine(Say("policy: --batch and --group cannot be used together", "policy：--batch 与 --group 不能同时使用"));
            return ExitCodes.Usage;
        }
        var teamPath = parseResult.GetValue(_team);
        var outPath = parseResult.GetValue(_out);
        if ((teamPath is not null || outPath is not null) && !parseResult.GetValue(_group))
        {
            stderr.WriteLine(Say("policy: --team and --out go with --group", "policy：--team 与 --out 需与 --group 一起使用"));
            return ExitCodes.Usage;
        }
        if (teamPath is not null && parseResult.GetValue(_facts) is not null)
        {
            stderr.WriteLine(Say("policy: give the members with --facts or with --team, not both", "policy：成员请用 --facts 或 --team 之一给出"));
            return ExitCodes.Usage;
        }
        foreach (var (option, path) in new[] { ("--team", teamPath), ("--out", outPath) })
        {
            if (path is null || TeamFile.FormatOf(path) is not null) continue;
            stderr.WriteLine(Say($"policy: {option} takes a .csv or .xlsx file: {path}", $"policy：{option} 应为 .csv 或 .xlsx 文件：{path}"));
            return ExitCodes.Usage;
        }
        if (teamPath is not null && !File.Exists(teamPath))
        {
            stderr.WriteLine(Say($"policy: path not found: {teamPath}", $"policy：路径不存在：{teamPath}"));
            return ExitCodes.Usage;
        }
        var ledgerText = parseResult.GetValue(_ledger);
        var record = parseResult.GetValue(_record);
        if (record && ledgerText is null)
        {
            stderr.WriteLine(Say("policy: --record needs --ledger (a SQLite file or a PostgreSQL connection string)",
                "policy：--record 需要 --ledger（SQLite 文件或 PostgreSQL 连接串）"));
            return ExitCodes.Usage;
        }
        if (parseResult.GetValue(_batch) && (ledgerText is not null || record))
        {
            stderr.WriteLine(Say("policy: --batch does not read or record the ledger: evaluate one fact set or a --group",
                "policy：--batch 不读取也不记录台账：请逐个评估或使用 --group"));
            return ExitCodes.Usage;
        }
        var loaded = PolicyPipeline.LoadFile(policyPath);
        if (loaded.Plan is not { } plan)
        {
            DiagnosticPrinter.WriteText(stderr, loaded.Diagnostics, language);
            return ExitCodes.Failure;
        }

        PeriodValue? period = null;
        if (parseResult.GetValue(_period) is { } periodText)
        {
            // As on the service: a period in its canonical form, of the kind the policy is appraised by.
            if (!PeriodValue.TryParse(periodText, out var parsed) || parsed.ToString() != periodText)
            {
                stderr.WriteLine(Say($"policy: '{periodText}' is not a period in canonical form (e.g. 2026-Q2, 2026-H1, 2026-03, 2026)",
                    $"policy：'{periodText}' 不是规范写法的考核周期（例如 2026-Q2、2026-H1、2026-03、2026）"));
                return ExitCodes.Usage;
            }
            if (plan.PeriodKind is { } kind && parsed.Kind != kind)
            {
                stderr.WriteLine(Say($"policy: '{periodText}' is not a {kind.ToString().ToLowerInvariant()}: the policy is appraised by {kind.ToString().ToLowerInvariant()}",
                    $"policy：'{periodText}' 不是本策略的考核周期（策略按 {kind.ToString().ToLowerInvariant()} 考核）"));
                return ExitCodes.Usage;
            }
            period = parsed;
        }
        IReadOnlyList<GivenPeriod> given = [];
        JObject? earlier = null; // the history file, read once
        var historyFile = parseResult.GetValue(_history);
        if (historyFile is { } historyPath)
        {
            if (!File.Exists(historyPath))
            {
                stderr.WriteLine(Say($"policy: path not found: {historyPath}", $"policy：路径不存在：{historyPath}"));
                return ExitCodes.Usage;
            }
            var (periods, errors) = JsonEvaluation.ParseStrict(File.ReadAllText(historyPath));
            if (periods is not JObject byPeriod)
            {
                foreach (var error in errors.DefaultIfEmpty(new FactError("$", "an object of period → outputs", periods?.Type.ToString().ToLowerInvariant() ?? "")))
                    stderr.WriteLine($"{historyPath}: {(chinese ? error.MessageZh : error.Message)}");
                return ExitCodes.Failure;
            }
            earlier = byPeriod;
            given = byPeriod.Properties().Select(p => new GivenPeriod(p.Name, p.Value.ToString(Formatting.None))).ToList();
        }

        var factsArgument = parseResult.GetValue(_facts);
        if (FactsInput.IsFile(factsArgument) && !File.Exists(factsArgument))
        {
            stderr.WriteLine(Say($"policy: path not found: {factsArgument}", $"policy：路径不存在：{factsArgument}"));
            return ExitCodes.Usage;
        }
        using var facts = new FactsInput(factsArgument, stderr, language);
        var explain = parseResult.GetValue(_explain)!;
        if (explain == "html" && parseResult.GetValue(_batch))
        {
            stderr.WriteLine(Say("policy: --explain html writes one statement page: evaluate one fact set or a --group",
                "policy：--explain html 只生成一页结果说明：请逐个评估或使用 --group"));
            return ExitCodes.Usage;
        }

        if (parseResult.GetValue(_batch))
        {
            // Many fact sets: the tree evaluator answers at once, the compiled tier takes over when it is ready.
            var options = new EvaluationOptions { Explain = explain != "none", Period = period };
            if (earlier is not null)
            {
                var (history, errors) = JsonEvaluation.ReadHistory(plan, earlier);
                if (errors.Count > 0) return Fail(new Failure.FactsRejected(errors, "earlier_periods"), historyFile, stderr, language);
                options = options with { History = history };
            }
            // A version compiled by an earlier run is loaded from the compile cache instead of compiled by Roslyn again.
            var cacheDirectory = parseResult.GetValue(_compileCache) ?? Engine.Compilation.CompileCache.UserDefaultDirectory();
            // A Native AOT process (the installed tool) cannot load compiled code: no cache, the tree serves.
            var cache = !System.Runtime.CompilerServices.RuntimeFeature.IsDynamicCodeSupported || cacheDirectory is null || cacheDirectory == "off"
                ? null
                : new Engine.Compilation.CompileCache(cacheDirectory);
            using var tiered = PolicyPipeline.Tier(plan, cache);
            var exit = Batch(tiered, facts.Reader, stdout, options, chinese);
            // A short batch ends before Roslyn does: finish (once per version) so that the next run finds it cached.
            if (cache is not null) tiered.Compilation.Wait(TimeSpan.FromSeconds(30));
            return exit;
        }

        var policyId = parseResult.GetValue(_policyId) ?? PolicyId(policyPath);
        var policy = new ServedPolicy(policyId, PolicyHash.Of(loaded.Checked), plan, PolicySource.From(loaded.Checked, policyId))
        {
            SourcePath = Path.GetFullPath(policyPath),
        };
        var detail = explain switch { "json" => ExplanationDetail.Full, "text" or "html" => ExplanationDetail.Text, _ => ExplanationDetail.None };
        // A statement is Chinese by default (it is for the employee), English with --lang en; messages stay as --lang says.
        var statementLanguage = parseResult.GetResult(_language) is { Implicit: false } ? language : Language.Zh;
        var context = new StatementContext
        {
            Subject = parseResult.GetValue(_subject) ?? "", Period = period?.ToString() ?? "", VersionHash = policy.Version,
            Date = DateOnly.FromDateTime(DateTime.Now),
        };
        ILedger? ledger = null;
        try
        {
            if (ledgerText is not null) ledger = LedgerArgument.OpenAsync(ledgerText).GetAwaiter().GetResult();
        }
        catch (Exception e) when (LedgerArgument.IsLedgerError(e))
        {
            // The connection string (and its password) is never printed: only the file, or "the PostgreSQL ledger".
            stderr.WriteLine($"policy: {LedgerArgument.Name(ledgerText!)}: {e.Message}");
            return ExitCodes.Failure;
        }
        try
        {
            var appraiser = new Appraiser(ledger, TimeProvider.System);
            if (parseResult.GetValue(_group))
            {
                var limits = FactLimits.Default;
                string membersJson;
                if (teamPath is not null)
                {
                    if (TeamMembers(teamPath, plan, stderr, language) is not { } team) return ExitCodes.Failure;
                    membersJson = team.Json;
                    // A team file is as large as the team: the group limit of JSON requests does not cap it.
                    limits = limits with { MaxGroupMembers = Math.Max(limits.MaxGroupMembers, team.Count), MaxJsonChars = Math.Max(limits.MaxJsonChars, team.Json.Length) };
                }
                else membersJson = facts.Reader.ReadToEnd();
                var result = appraiser.EvaluateGroupAsync(new GroupCall
                {
                    Policy = policy, Period = period, MembersJson = membersJson, EarlierPeriods = given, Explanation = detail,
                    Language = language, Record = record, RequestId = parseResult.GetValue(_requestId) ?? "", Limits = limits,
                }).GetAwaiter().GetResult();
                if (result.Failure is { } failure) return Fail(failure, historyFile, stderr, language);
                if (outPath is not null) return WriteResults(result.Value!, plan, outPath, stderr, language);
                if (explain == "html") return GroupStatement(result.Value!, plan, context, statementLanguage, stdout, stderr);
                return Group(result.Value!, stdout, stderr, explain, ledger is not null);
            }
            var single = appraiser.EvaluateAsync(new EvaluationCall
            {
                Policy = policy, SubjectId = parseResult.GetValue(_subject) ?? "", Period = period, FactsJson = facts.Reader.ReadToEnd(), EarlierPeriods = given,
                Explanation = detail, Language = language, Record = record, RequestId = parseResult.GetValue(_requestId) ?? "",
            }).GetAwaiter().GetResult();
            if (single.Failure is { } singleFailure) return Fail(singleFailure, historyFile, stderr, language);
            if (explain == "html") return SingleStatement(single.Value!, plan, context, statementLanguage, stdout, stderr);
            return Single(single.Value!, stdout, stderr, explain, ledger is not null);
        }
        finally
        {
            ledger?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    /// <summary>
    /// A team file's members as the JSON object of member id → facts that a group is read from; null (every bad cell on
    /// stderr, as <c>policy diff</c> lists them) when the file has bad cells.
    /// </summary>
    private static (string Json, int Count)? TeamMembers(string path, PolicyPlan plan, TextWriter stderr, Language language)
    {
        var opened = TeamFile.Open(path, plan.Inputs);
        if (opened.File is not { } team)
        {
            DiffCommand.BadTeam(opened.Errors, opened.Errors.Count, path, stderr, language);
            return null;
        }
        using (team)
        {
            if (team.Encoding == "GB18030")
                stderr.WriteLine(CommonOptions.Say(language, $"policy: {path}: not UTF-8, read as GB18030", $"policy：{path}：不是 UTF-8，已按 GB18030 读取"));
            var members = new JObject();
            var errors = new List<TeamError>();
            var total = 0;
            foreach (var member in team.Members())
            {
                var found = member.Errors.Concat(member.Read(plan.Inputs).Errors).ToList();
                total += found.Count;
                errors.AddRange(found.Take(DiffCommand.MaxListed - errors.Count));
                if (total == 0) members[member.Id] = member.Facts;
            }
            if (total > 0)
            {
                DiffCommand.BadTeam(errors, total, path, stderr, language);
                return null;
            }
            return (members.ToString(Formatting.None), members.Count);
        }
    }

    /// <summary><c>--out</c>: one row per member with its outputs, as CSV or .xlsx.</summary>
    private static int WriteResults(GroupAnswer answer, PolicyPlan plan, string path, TextWriter stderr, Language language)
    {
        try
        {
            using var stream = File.Create(path);
            TeamResults.Write(stream, TeamFile.FormatOf(path)!.Value, plan, answer.Members.Select(m => (m.Id, (JObject)Exact(m.Answer.OutputsJson))));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine(CommonOptions.Say(language, $"policy: cannot write {path}: {e.Message}", $"policy：无法写入 {path}：{e.Message}"));
            return ExitCodes.Failure;
        }
        foreach (var (id, member) in answer.Members)
            if (member.Record is { } record) stderr.WriteLine($"{id}: {Recorded(record, member.Replayed)}");
        stderr.WriteLine(CommonOptions.Say(language, $"policy: wrote {path}: {answer.Members.Count} members", $"policy：已写入 {path}：{answer.Members.Count} 人"));
        return ExitCodes.Success;
    }

    /// <summary>
    /// The id a policy file is recorded under, as the service names it: its path under the nearest <c>policies/</c> folder
    /// without <c>.policy</c> (<c>quarterly-pay/季度绩效工资</c>), else the file's name without it.
    /// </summary>
    internal static string PolicyId(string path)
    {
        var full = Path.GetFullPath(path);
        for (var folder = Path.GetDirectoryName(full) is { } start ? new DirectoryInfo(start) : null; folder is not null; folder = folder.Parent)
        {
            if (folder.Name != "policies") continue;
            var relative = Path.GetRelativePath(folder.FullName, full).Replace(Path.DirectorySeparatorChar, '/');
            return relative.EndsWith(".policy", StringComparison.Ordinal) ? relative[..^".policy".Length] : relative;
        }
        return Path.GetFileNameWithoutExtension(full);
    }

    /// <summary>The statement page of one answer (<c>--explain html</c>); a replay is rendered from its record.</summary>
    private static int SingleStatement(Answer answer, PolicyPlan plan, StatementContext context, Language language, TextWriter stdout, TextWriter stderr)
    {
        stdout.Write(answer.Outcome is { } outcome
            ? Statement.Render(outcome, context with { RequestId = answer.Record?.RequestId ?? "" }, language)
            : Statement.Render(Recorded(answer.Record!, plan, context.VersionHash), StatementFor(answer.Record!, context), language));
        if (answer.Record is { } record) stderr.WriteLine(Recorded(record, answer.Replayed));
        return ExitCodes.Success;
    }

    /// <summary>
    /// The statements of a group on one page, a section per member (<c>--explain html --group</c>). A group answered from
    /// the ledger (a retry) is rendered member by member from the records, one after another in the same document.
    /// </summary>
    private static int GroupStatement(GroupAnswer answer, PolicyPlan plan, StatementContext context, Language language, TextWriter stdout, TextWriter stderr)
    {
        if (answer.Members.All(m => m.Answer.Outcome is not null))
            stdout.Write(Statement.RenderGroup(answer.Members.Select(m => (m.Id, m.Answer.Outcome!)).ToList(), context, language));
        else
            stdout.Write(Statement.RenderGroup(answer.Members.Select(m => (Recorded(m.Answer.Record!, plan, context.VersionHash), StatementFor(m.Answer.Record!, context)))
                .ToList(), language));
        foreach (var (id, member) in answer.Members)
            if (member.Record is { } record) stderr.WriteLine($"{id}: {Recorded(record, member.Replayed)}");
        return ExitCodes.Success;
    }

    private static StatementContext StatementFor(LedgerRecord record, StatementContext context) => context with
    {
        Subject = record.SubjectId, Period = record.Period, VersionHash = record.PolicyVersion, RequestId = record.RequestId,
        Date = DateOnly.FromDateTime(record.RecordedAt.UtcDateTime),
    };

    /// <summary>A record as a statement renders it; the plan adds maxima and citations only when it is the recorded version.</summary>
    private static RecordedStatement Recorded(LedgerRecord record, PolicyPlan plan, string answeredBy) => new()
    {
        PolicyId = record.PolicyId, DeclaredVersion = record.DeclaredVersion,
        Outputs = RecordedOutput.FromJson(record.OutputsDetailJson).Select(o => (o.Name, o.Type, o.Value, o.Missing)).ToList(),
        ExplanationJson = record.ExplanationJson, ExplanationText = record.ExplanationText,
        ExplanationLanguage = record.Language == "zh" ? Language.Zh : Language.En, ErasedAt = record.ErasedAt,
        Plan = record.PolicyVersion == answeredBy ? plan : null,
    };

    private static int Single(Answer answer, TextWriter stdout, TextWriter stderr, string explain, bool withLedger)
    {
        if (explain == "text")
        {
            stdout.Write(answer.ExplanationText);
            if (answer.Record is { } record) stderr.WriteLine(Recorded(record, answer.Replayed));
            return ExitCodes.Success;
        }
        using var writer = new JsonTextWriter(stdout) { Formatting = Formatting.Indented, CloseOutput = false };
        WriteAnswer(writer, answer, explain == "json", withLedger);
        writer.Flush();
        stdout.WriteLine();
        return ExitCodes.Success;
    }

    private static int Group(GroupAnswer answer, TextWriter stdout, TextWriter stderr, string explain, bool withLedger)
    {
        if (explain == "text")
        {
            foreach (var (id, member) in answer.Members)
            {
                stdout.WriteLine($"== {id}");
                stdout.Write(member.ExplanationText);
                if (member.Record is { } record) stderr.WriteLine($"{id}: {Recorded(record, member.Replayed)}");
            }
            return ExitCodes.Success;
        }
        using var writer = new JsonTextWriter(stdout) { Formatting = Formatting.Indented, CloseOutput = false };
        writer.WriteStartObject();
        foreach (var (id, member) in answer.Members)
        {
            writer.WritePropertyName(id);
            WriteAnswer(writer, member, explain == "json", withLedger);
        }
        writer.WriteEndObject();
        writer.Flush();
        stdout.WriteLine();
        return ExitCodes.Success;
    }

    private static string Recorded(LedgerRecord record, bool replayed) => replayed
        ? $"already recorded: request {record.RequestId}, revision {record.Revision}, at {LedgerTime.Format(record.RecordedAt)} (nothing new written)"
        : $"recorded: request {record.RequestId}, revision {record.Revision}, at {LedgerTime.Format(record.RecordedAt)}";

    /// <summary>
    /// An answer as JSON: its outputs (and explanation), and with a ledger where its earlier periods came from and what
    /// was recorded. An outcome evaluated now is written from its values; a replay from the record's JSON, numbers kept exact.
    /// </summary>
    private static void WriteAnswer(JsonWriter writer, Answer answer, bool explanation, bool withLedger)
    {
        writer.WriteStartObject();
        writer.WritePropertyName("outputs");
        if (answer.Outcome is { } outcome) JsonEvaluation.WriteOutputs(writer, outcome);
        else Exact(answer.OutputsJson).WriteTo(writer);
        if (explanation && answer.ExplanationJson.Length > 0)
        {
            writer.WritePropertyName("explanation");
            if (answer.Outcome is { } explained) ExplanationJson.Write(writer, explained);
            else Exact(answer.ExplanationJson).WriteTo(writer);
        }
        if (withLedger)
        {
            writer.WritePropertyName("historySource");
            writer.WriteValue(answer.HistorySource);
        }
        if (answer.Record is { } record)
        {
            writer.WritePropertyName("record");
            writer.WriteStartObject();
            writer.WritePropertyName("requestId");
            writer.WriteValue(record.RequestId);
            writer.WritePropertyName("revision");
            writer.WriteValue(record.Revision);
            writer.WritePropertyName("recordedAt");
            writer.WriteValue(LedgerTime.Format(record.RecordedAt));
            writer.WritePropertyName("replayed");
            writer.WriteValue(answer.Replayed);
            writer.WriteEndObject();
        }
        writer.WriteEndObject();
    }

    /// <summary>Recorded JSON read back with its numbers as decimals and its strings as strings.</summary>
    private static JToken Exact(string json)
    {
        using var reader = new JsonTextReader(new StringReader(json)) { FloatParseHandling = FloatParseHandling.Decimal, DateParseHandling = DateParseHandling.None };
        return JToken.ReadFrom(reader);
    }

    private static int Batch(Engine.Compilation.TieredEvaluator evaluator, TextReader input, TextWriter stdout, EvaluationOptions options, bool chinese)
    {
        var failed = false;
        while (input.ReadLine() is { } line)
        {
            if (line.Trim().Length == 0) continue;
            var result = JsonEvaluation.Evaluate(evaluator, line, options);
            // One write per answer: the console is unbuffered, and an explanation is hundreds of small JSON tokens.
            using var buffer = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
            using var writer = new JsonTextWriter(buffer) { Formatting = Formatting.None, CloseOutput = false };
            if (result.Succeeded)
            {
                WriteOutcome(writer, result.Outcome!, options.Explain);
            }
            else
            {
                failed = true;
                writer.WriteStartObject();
                if (result.Error is { } error)
                {
                    writer.WritePropertyName("error");
                    JsonEvaluation.WriteError(writer, error, chinese);
                }
                else
                {
                    writer.WritePropertyName("factErrors");
                    JsonEvaluation.WriteFactErrors(writer, result.FactErrors, chinese);
                }
                writer.WriteEndObject();
            }
            writer.Flush();
            buffer.WriteLine();
            stdout.Write(buffer.ToString());
        }
        return failed ? ExitCodes.Failure : ExitCodes.Success;
    }

    private static void WriteOutcome(JsonWriter writer, Outcome outcome, bool explanation)
    {
        writer.WriteStartObject();
        writer.WritePropertyName("outputs");
        JsonEvaluation.WriteOutputs(writer, outcome);
        if (explanation && outcome.Explanation is not null)
        {
            writer.WritePropertyName("explanation");
            ExplanationJson.Write(writer, outcome);
        }
        writer.WriteEndObject();
    }

    private static int Fail(IReadOnlyList<FactError> factErrors, EvaluationException? error, TextWriter stderr, Language language)
    {
        var chinese = language == Language.Zh;
        foreach (var factError in factErrors) stderr.WriteLine(chinese ? factError.MessageZh : factError.Message);
        if (error is not null)
        {
            var (line, column) = error.Span.StartPosition;
            stderr.WriteLine($"{error.Span.File}({line},{column}): {(chinese ? error.MessageZh : error.Message)}");
        }
        return ExitCodes.Failure;
    }

    /// <summary>A failure of the core on the command line: what went wrong on stderr, and the exit code.</summary>
    private static int Fail(Failure failure, string? historyFile, TextWriter stderr, Language language)
    {
        var chinese = language == Language.Zh;
        string Say(string en, string zh) => CommonOptions.Say(language, en, zh);
        switch (failure)
        {
            case Failure.FactsRejected { PathPrefix: "earlier_periods" } f when historyFile is not null:
                foreach (var error in f.Errors) stderr.WriteLine($"{historyFile}: {(chinese ? error.MessageZh : error.Message)}");
                return ExitCodes.Failure;
            case Failure.FactsRejected f:
                return Fail(f.Errors, null, stderr, language);
            case Failure.EvaluationFailed f:
                return Fail([], f.Error, stderr, language);
            case Failure.Required f:
                var option = f.Field switch { "subject_id" => "--subject", "request_id" => "--request-id", _ => "--period" };
                stderr.WriteLine(Say($"policy: --record needs {option}: {f.MessageEn}", $"policy：--record 需要 {option}：{f.MessageZh}"));
                return ExitCodes.Usage;
            case Failure.RequestIdReused f:
                stderr.WriteLine(Say(
                    $"policy: request id {f.Earlier.RequestId} was already recorded for a different request (subject {f.Earlier.SubjectId}, period {f.Earlier.Period}, policy {f.Earlier.PolicyId}): use a new request id",
                    $"policy：请求 id {f.Earlier.RequestId} 已用于另一个请求（考核对象 {f.Earlier.SubjectId}，周期 {f.Earlier.Period}，策略 {f.Earlier.PolicyId}）：请使用新的请求 id"));
                return ExitCodes.Failure;
            case Failure.LedgerHistoryUnfit f:
                stderr.WriteLine(Say($"policy: the subject's recorded earlier periods do not fit the outputs of policy {f.PolicyId}: give them with --history",
                    $"policy：台账中该考核对象的往期结果与策略 {f.PolicyId} 当前的输出不符：请用 --history 给出"));
                foreach (var error in f.Errors) stderr.WriteLine("  ledger" + (chinese ? error.MessageZh : error.Message)[1..]);
                return ExitCodes.Failure;
            case Failure.LedgerUnavailable f:
                stderr.WriteLine(Say($"policy: the ledger failed: {f.Exception.Message} (a retry with the same request id is safe)",
                    $"policy：台账出错：{f.Exception.Message}（用同一个请求 id 重试是安全的）"));
                return ExitCodes.Failure;
            default: // LedgerOff: --record without --ledger is refused before anything is evaluated
                stderr.WriteLine(Say("policy: --record needs --ledger", "policy：--record 需要 --ledger"));
                return ExitCodes.Usage;
        }
    }
}
