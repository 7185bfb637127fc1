using Appraisal.Engine.Compilation;
using Appraisal.Engine.Evaluation;
using Appraisal.Engine.Facts;
using Appraisal.Engine.Planning;
using Appraisal.Engine.Values;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace Appraisal.Engine.Hosting;

/// <summary>
/// The one way hosts (the command line, the gRPC service) evaluate facts given as JSON: read and validate the
/// facts (and earlier periods), evaluate, and write outcomes back as JSON with exact decimals.
/// </summary>
public static class JsonEvaluation
{
    /// <summary>Evaluates on the tree evaluator.</summary>
    public static JsonEvaluationResult Evaluate(PolicyPlan plan, string factsJson, EvaluationOptions options, FactLimits? limits = null) =>
        Evaluate(plan, facts => Evaluator.Evaluate(plan, facts, options), factsJson, limits);

    /// <summary>
    /// Evaluates on a tiered evaluator: the tree evaluator until the compiled tier is ready, then the compiled tier
    /// (explanations always come from the tree).
    /// </summary>
    public static JsonEvaluationResult Evaluate(TieredEvaluator evaluator, string factsJson, EvaluationOptions options, FactLimits? limits = null) =>
        Evaluate(evaluator.Plan, facts => evaluator.Evaluate(facts, options), factsJson, limits);

    /// <summary>
    /// Evaluates facts already read with <see cref="FactReader"/> against the evaluator's plan (a host that needs the
    /// validated facts first, e.g. to fingerprint them, reads them once).
    /// </summary>
    public static JsonEvaluationResult Evaluate(TieredEvaluator evaluator, FactReadResult facts, EvaluationOptions options) =>
        Evaluate(f => evaluator.Evaluate(f, options), facts);

    /// <summary>Evaluates facts already read with <see cref="FactReader"/> on the tree evaluator.</summary>
    public static JsonEvaluationResult Evaluate(PolicyPlan plan, FactReadResult facts, EvaluationOptions options) =>
        Evaluate(f => Evaluator.Evaluate(plan, f, options), facts);

    private static JsonEvaluationResult Evaluate(PolicyPlan plan, Func<Value[], Outcome> evaluate, string factsJson, FactLimits? limits) =>
        Evaluate(evaluate, FactReader.Read(plan.Inputs, factsJson, limits));

    private static JsonEvaluationResult Evaluate(Func<Value[], Outcome> evaluate, FactReadResult facts)
    {
        if (!facts.IsValid) return new JsonEvaluationResult(null, facts.Errors, null);
        try
        {
            return new JsonEvaluationResult(evaluate(facts.Facts!), [], null);
        }
        catch (EvaluationException error)
        {
            return new JsonEvaluationResult(null, [], error);
        }
    }

    /// <summary>
    /// Evaluates a group: <paramref name="membersJson"/> is an object of member id → facts (read by
    /// <see cref="ReadGroup"/>). <paramref name="cancellationToken"/> is checked between members while reading and
    /// between the steps of the evaluation.
    /// </summary>
    public static (IReadOnlyList<(string Id, Outcome Outcome)>? Outcomes, IReadOnlyList<FactError> FactErrors, EvaluationException? Error)
        EvaluateGroup(PolicyPlan plan, string membersJson, EvaluationOptions options, FactLimits? limits = null, CancellationToken cancellationToken = default)
    {
        var (members, errors) = ReadGroup(plan, membersJson, limits, cancellationToken);
        if (members is null) return (null, errors, null);
        var (outcomes, error) = EvaluateGroup(plan, members, options, null, cancellationToken);
        return (outcomes, [], error);
    }

    /// <summary>
    /// Evaluates a group read by <see cref="ReadGroup"/>, each member with its own earlier periods when
    /// <paramref name="histories"/> is given; an evaluation fault is the error, never an exception.
    /// </summary>
    public static (IReadOnlyList<(string Id, Outcome Outcome)>? Outcomes, EvaluationException? Error) EvaluateGroup(PolicyPlan plan,
        IReadOnlyList<GroupMember> members, EvaluationOptions options, IReadOnlyList<IReadOnlyList<EarlierPeriod>>? histories,
        CancellationToken cancellationToken)
    {
        try
        {
            var outcomes = Evaluator.EvaluateGroup(plan, members.Select(m => m.Facts).ToList(), options, cancellationToken, histories);
            return (members.Select((member, i) => (member.Id, outcomes[i])).ToList(), null);
        }
        catch (EvaluationException error)
        {
            return (null, error);
        }
    }

    /// <summary>
    /// Reads a group: an object of member id → facts, each member's facts read like one fact document, every error
    /// with its path (<c>$['E1'].考勤</c>). More members than <see cref="FactLimits.MaxGroupMembers"/> is a limit error at
    /// <c>$</c>. The members, in the order given, or why not.
    /// </summary>
    public static (IReadOnlyList<GroupMember>? Members, IReadOnlyList<FactError> Errors) ReadGroup(PolicyPlan plan, string membersJson,
        FactLimits? limits = null, CancellationToken cancellationToken = default)
    {
        limits ??= FactLimits.Default;
        if (membersJson.Length > limits.MaxJsonChars)
            return (null, [FactMessages.Error(JsonPath.Root, FactMessages.SizeLimit(limits.MaxJsonChars), FactMessages.Characters(membersJson.Length), FactErrorKind.LimitExceeded)]);
        JObject members;
        try
        {
            members = JObject.Parse(membersJson, new JsonLoadSettings { DuplicatePropertyNameHandling = DuplicatePropertyNameHandling.Error });
        }
        catch (JsonReaderException e)
        {
            return (null, [new FactError("$", "an object of member id → facts", $"malformed JSON ({e.Message})")]);
        }
        if (members.Count > limits.MaxGroupMembers)
            return (null, [FactMessages.Error(JsonPath.Root, FactMessages.GroupLimit(limits.MaxGroupMembers), FactMessages.Members(members.Count), FactErrorKind.LimitExceeded)]);
        var read = new List<GroupMember>(members.Count);
        var errors = new List<FactError>();
        foreach (var (id, token) in members)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (token is not JObject memberFacts)
            {
                errors.Add(new FactError(JsonPath.Root + JsonPath.Member(id), "an object of facts", token?.Type.ToString().ToLowerInvariant() ?? "null"));
                continue;
            }
            var facts = FactReader.Read(plan.Inputs, memberFacts, limits);
            if (facts.IsValid)
                read.Add(new GroupMember(id, facts.Facts!));
            else
                errors.AddRange(facts.Errors.Select(e => e with { Path = JsonPath.Root + JsonPath.Member(id) + e.Path[1..] }));
        }
        return errors.Count > 0 ? (null, errors) : (read, []);
    }

    /// <summary>Reads earlier periods' outcomes: an object of period (<c>"2026-Q1"</c>) → outputs of that period.</summary>
    public static (IReadOnlyList<EarlierPeriod> History, IReadOnlyList<FactError> Errors) ReadHistory(PolicyPlan plan, string json)
    {
        var (token, errors) = ParseStrict(json);
        if (token is null) return ([], errors);
        if (token is not JObject periods) return ([], [new FactError("$", "an object of period → outputs", token.Type.ToString().ToLowerInvariant())]);
        return ReadHistory(plan, periods);
    }

    /// <summary>
    /// Parses JSON text that carries facts or outputs by the rules of fact documents — strict JSON (RFC 8259), each key
    /// once, no nonzero number too small for a decimal — with numbers as decimals: the document, or why not.
    /// </summary>
    public static (JToken? Token, IReadOnlyList<FactError> Errors) ParseStrict(string json)
    {
        var violations = FactReader.StrictJsonViolations(System.Text.Encoding.UTF8.GetBytes(json));
        if (violations.Count > 0) return (null, violations);
        try
        {
            using var reader = new JsonTextReader(new StringReader(json))
            {
                FloatParseHandling = FloatParseHandling.Decimal, DateParseHandling = DateParseHandling.None, MaxDepth = null,
            };
            var token = JToken.ReadFrom(reader, new JsonLoadSettings { DuplicatePropertyNameHandling = DuplicatePropertyNameHandling.Error });
            return reader.Read() ? (null, [new FactError("$", "one JSON value", "more text after it")]) : (token, []);
        }
        catch (JsonReaderException e)
        {
            // Strict JSON that the document reader still refuses: a number too large for a decimal.
            return (null, [new FactError("$", "a JSON document whose numbers fit a decimal", $"malformed JSON ({e.Message})")]);
        }
    }

    /// <summary>Reads earlier periods' outcomes already parsed: an object of period (<c>"2026-Q1"</c>) → outputs of that period.</summary>
    public static (IReadOnlyList<EarlierPeriod> History, IReadOnlyList<FactError> Errors) ReadHistory(PolicyPlan plan, JObject periods)
    {
        var schema = plan.OutputSchema;
        var history = new List<EarlierPeriod>();
        var errors = new List<FactError>();
        foreach (var (key, token) in periods)
        {
            var path = JsonPath.Root + JsonPath.Member(key);
            if (!PeriodValue.TryParse(key, out var period))
            {
                errors.Add(new FactError(path, "a period such as \"2026-Q1\", \"2026-H1\", \"2026-03\" or \"2026\"", JsonConvert.ToString(key))
                {
                    ExpectedZh = "考核周期，例如 \"2026-Q1\"、\"2026-H1\"、\"2026-03\" 或 \"2026\"",
                });
                continue;
            }
            if (plan.PeriodKind is { } kind && period.Kind != kind)
            {
                // An earlier period of another kind is never read by the policy's rules: a mistake, not something to skip.
                var example = new PeriodValue(kind, 2026, 1).ToString();
                errors.Add(new FactError(path, $"a {kind.ToString().ToLowerInvariant()} such as \"{example}\": the policy is appraised by {kind.ToString().ToLowerInvariant()}",
                    JsonConvert.ToString(key))
                {
                    ExpectedZh = $"与策略考核周期相同的周期，例如 \"{example}\"",
                });
                continue;
            }
            if (token is not JObject outputs)
            {
                errors.Add(new FactError(path, "an object of outputs", token?.Type.ToString().ToLowerInvariant() ?? "null"));
                continue;
            }
            var read = FactReader.Read(schema, outputs);
            if (read.IsValid) history.Add(new EarlierPeriod(period, read.Facts!));
            else errors.AddRange(read.Errors.Select(e => e with { Path = path + e.Path[1..] }));
        }
        return (history, errors);
    }

    /// <summary>Writes an outcome's outputs as a JSON object of name → value (numbers as exact decimal strings).</summary>
    public static void WriteOutputs(JsonWriter writer, Outcome outcome)
    {
        writer.WriteStartObject();
        foreach (var output in outcome.Outputs)
        {
            writer.WritePropertyName(output.Name);
            ValueJson.Write(writer, output.Value, output.Type);
        }
        writer.WriteEndObject();
    }

    public static void WriteFactErrors(JsonWriter writer, IEnumerable<FactError> errors, bool chinese)
    {
        writer.WriteStartArray();
        foreach (var error in errors)
        {
            writer.WriteStartObject();
            writer.WritePropertyName("path");
            writer.WriteValue(error.Path);
            writer.WritePropertyName("expected");
            writer.WriteValue(chinese ? error.ExpectedZh ?? error.Expected : error.Expected);
            writer.WritePropertyName("found");
            writer.WriteValue(chinese ? error.FoundZh ?? error.Found : error.Found);
            writer.WritePropertyName("kind");
            writer.WriteValue(error.Kind == FactErrorKind.LimitExceeded ? "limit_exceeded" : "invalid");
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
    }

    public static void WriteError(JsonWriter writer, EvaluationException error, bool chinese)
    {
        var (line, column) = error.Span.StartPosition;
        writer.WriteStartObject();
        writer.WritePropertyName("kind");
        writer.WriteValue(error.Kind switch
        {
            EvaluationErrorKind.BudgetExceeded => "budget_exceeded",
            EvaluationErrorKind.MissingContext => "missing_context",
            _ => "runtime",
        });
        writer.WritePropertyName("message");
        writer.WriteValue(chinese ? error.MessageZh : error.Message);
        writer.WritePropertyName("file");
        writer.WriteValue(error.Span.File);
        writer.WritePropertyName("line");
        writer.WriteValue(line);
        writer.WritePropertyName("column");
        writer.WriteValue(column);
        writer.WriteEndObject();
    }
}
