using System.CommandLine;
using Appraisal.Engine;
using Appraisal.Engine.Evaluation;
using Appraisal.Engine.Hosting;
using Appraisal.Engine.Planning;
using Appraisal.Engine.Values;
using Appraisal.Policy.Diagnostics;
using Appraisal.Policy.Semantics;
using Appraisal.Policy.Text;
using Newtonsoft.Json;

namespace Appraisal.Cli;

/// <summary>
/// <c>policy eval &lt;policy&gt; [--facts F] [--batch | --group] [--period P] [--history H] [--explain none|text|json] [--lang en|zh]</c>.
/// One fact set (a JSON object) by default; <c>--batch</c>: newline-delimited fact sets, one JSON result per line;
/// <c>--group</c>: a JSON object of member id → facts, evaluated together (ranking, forced distribution).
/// Facts are read from <c>--facts</c> or, without it, from standard input.
/// </summary>
internal sealed class EvalCommand : Command
{
    private readonly Argument<string> _policy = new("policy") { Description = "The policy file" };
    private readonly Option<string?> _facts = new("--facts") { Description = "Facts as JSON (default: standard input)" };
    private readonly Option<bool> _batch = new("--batch") { Description = "Newline-delimited fact sets; one result per line" };
    private readonly Option<bool> _group = new("--group") { Description = "A JSON object of member id → facts, evaluated together" };
    private readonly Option<string?> _period = new("--period") { Description = "The appraised period, e.g. 2026-Q2 or 2026-03" };
    private readonly Option<string?> _history = new("--history") { Description = "Earlier periods' outputs: a JSON file of period → outputs" };
    private readonly Option<string> _explain = new("--explain") { Description = "none, text or json", DefaultValueFactory = _ => "none" };
    private readonly Option<string> _language = CommonOptions.Language();

    public EvalCommand() : base("eval", "Evaluate facts against a policy and print the outputs (and their explanation).")
    {
        _explain.AcceptOnlyFromAmong("none", "text", "json");
        Arguments.Add(_policy);
        Options.Add(_facts);
        Options.Add(_batch);
        Options.Add(_group);
        Options.Add(_period);
        Options.Add(_history);
        Options.Add(_explain);
        Options.Add(_language);
        SetAction(Run);
    }

    private int Run(ParseResult parseResult)
    {
        var stdout = parseResult.InvocationConfiguration.Output;
        var stderr = parseResult.InvocationConfiguration.Error;
        var language = CommonOptions.GetLanguage(parseResult, _language);
        var chinese = language == Language.Zh;
        string Say(string en, string zh) => CommonOptions.Say(language, en, zh);

        var policyPath = parseResult.GetValue(_policy)!;
        if (!File.Exists(policyPath))
        {
            stderr.WriteLine(Say($"policy: path not found: {policyPath}", $"policy：路径不存在：{policyPath}"));
            return ExitCodes.Usage;
        }
        if (parseResult.GetValue(_batch) && parseResult.GetValue(_group))
        {
            stderr.WriteLine(Say("policy: --batch and --group cannot be used together", "policy：--batch 与 --group 不能同时使用"));
            return ExitCodes.Usage;
        }
        var loaded = PolicyPipeline.LoadFile(policyPath);
        if (loaded.Plan is not { } plan)
        {
            DiagnosticPrinter.WriteText(stderr, loaded.Diagnostics, language);
            return ExitCodes.Failure;
        }

        var options = new EvaluationOptions { Explain = parseResult.GetValue(_explain) != "none" };
        if (parseResult.GetValue(_period) is { } periodText)
        {
            // As on the service: a period in its canonical form, of the kind the policy is appraised by.
            if (!PeriodValue.TryParse(periodText, out var period) || period.ToString() != periodText)
            {
                stderr.WriteLine(Say($"policy: '{periodText}' is not a period in canonical form (e.g. 2026-Q2, 2026-H1, 2026-03, 2026)",
                    $"policy：'{periodText}' 不是规范写法的考核周期（例如 2026-Q2、2026-H1、2026-03、2026）"));
                return ExitCodes.Usage;
            }
            if (plan.PeriodKind is { } kind && period.Kind != kind)
            {
                stderr.WriteLine(Say($"policy: '{periodText}' is not a {kind.ToString().ToLowerInvariant()}: the policy is appraised by {kind.ToString().ToLowerInvariant()}",
                    $"policy：'{periodText}' 不是本策略的考核周期（策略按 {kind.ToString().ToLowerInvariant()} 考核）"));
                return ExitCodes.Usage;
            }
            options = options with { Period = period };
        }
        if (parseResult.GetValue(_history) is { } historyPath)
        {
            if (!File.Exists(historyPath))
            {
                stderr.WriteLine(Say($"policy: path not found: {historyPath}", $"policy：路径不存在：{historyPath}"));
                return ExitCodes.Usage;
            }
            var (history, errors) = JsonEvaluation.ReadHistory(plan, File.ReadAllText(historyPath));
            if (errors.Count > 0)
            {
                foreach (var error in errors) stderr.WriteLine($"{historyPath}: {(chinese ? error.MessageZh : error.Message)}");
                return ExitCodes.Failure;
            }
            options = options with { History = history };
        }

        var factsPath = parseResult.GetValue(_facts);
        if (factsPath is not null && !File.Exists(factsPath))
        {
            stderr.WriteLine(Say($"policy: path not found: {factsPath}", $"policy：路径不存在：{factsPath}"));
            return ExitCodes.Usage;
        }
        using var input = factsPath is null ? Console.In : new StreamReader(factsPath);
        var explain = parseResult.GetValue(_explain)!;

        if (parseResult.GetValue(_batch))
        {
            // Many fact sets: the tree evaluator answers at once, the compiled tier takes over when it is ready.
            using var tiered = new Engine.Compilation.TieredEvaluator(plan);
            return Batch(tiered, input, stdout, options, chinese);
        }
        if (parseResult.GetValue(_group)) return Group(plan, input.ReadToEnd(), stdout, stderr, options, explain, language);
        return Single(plan, input.ReadToEnd(), stdout, stderr, options, explain, language);
    }

    private static int Single(PolicyPlan plan, string json, TextWriter stdout, TextWriter stderr, EvaluationOptions options, string explain, Language language)
    {
        var result = JsonEvaluation.Evaluate(plan, json, options);
        if (!result.Succeeded) return Fail(result.FactErrors, result.Error, stderr, language);
        var outcome = result.Outcome!;
        if (explain == "text")
        {
            stdout.Write(ExplanationText.Render(outcome, language));
            return ExitCodes.Success;
        }
        using var writer = new JsonTextWriter(stdout) { Formatting = Formatting.Indented, CloseOutput = false };
        WriteOutcome(writer, outcome, explain == "json");
        writer.Flush();
        stdout.WriteLine();
        return ExitCodes.Success;
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

    private static int Group(PolicyPlan plan, string json, TextWriter stdout, TextWriter stderr, EvaluationOptions options, string explain, Language language)
    {
        var (outcomes, factErrors, error) = JsonEvaluation.EvaluateGroup(plan, json, options);
        if (outcomes is null) return Fail(factErrors, error, stderr, language);
        if (explain == "text")
        {
            foreach (var (id, outcome) in outcomes)
            {
                stdout.WriteLine($"== {id}");
                stdout.Write(ExplanationText.Render(outcome, language));
            }
            return ExitCodes.Success;
        }
        using var writer = new JsonTextWriter(stdout) { Formatting = Formatting.Indented, CloseOutput = false };
        writer.WriteStartObject();
        foreach (var (id, outcome) in outcomes)
        {
            writer.WritePropertyName(id);
            WriteOutcome(writer, outcome, explain == "json");
        }
        writer.WriteEndObject();
        writer.Flush();
        stdout.WriteLine();
        return ExitCodes.Success;
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

    private static int Fail(IReadOnlyList<Engine.Facts.FactError> factErrors, EvaluationException? error, TextWriter stderr, Language language)
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
}
