using System.Text;
using Appraisal.Engine.Compilation;
using Appraisal.Engine.Evaluation;
using Appraisal.Engine.Facts;
using Appraisal.Engine.Hosting;
using Appraisal.Engine.Planning;
using Appraisal.Engine.Values;
using Appraisal.Policy.Syntax;
using Appraisal.Policy.Text;
using Newtonsoft.Json;

namespace Appraisal.Engine.Embedding;

/// <summary>
/// One policy, checked and (when it checks clean) planned: its diagnostics, its schemas, and evaluation of typed facts
/// (<see cref="Facts"/>) or JSON facts (<see cref="EvaluateJson(string, PolicyEvaluationOptions?)"/>). Immutable and
/// safe to use from many threads at once. Dispose it to unload its compiled code.
/// </summary>
public sealed class LoadedPolicy : IDisposable
{
    private readonly Lazy<TieredEvaluator>? _tiered;
    private readonly FactLimits _limits;

    internal LoadedPolicy(string id, string text, PlannedPolicy planned, PolicyLoadOptions options)
    {
        Id = id;
        Planned = planned;
        _limits = options.FactLimits;
        var file = planned.Checked.File;
        IsLibrary = file.Kind == FileKind.Library;
        Plan = IsLibrary ? null : planned.Plan;
        Name = file.Name?.Text ?? "";
        Version = file.Version;
        VersionHash = PolicyHash.Of(planned.Checked);
        Diagnostics = planned.Diagnostics.Select(PolicyDiagnostic.Of).ToArray();
        Inputs = Plan is null ? [] : PolicyField.Of(Plan.Inputs, Plan.Inputs.Fields);
        Outputs = Plan is null ? [] : PolicyField.Of(Plan.OutputSchema, Plan.OutputSchema.Fields);
        if (Plan is { } plan && options.Compile) _tiered = new Lazy<TieredEvaluator>(() => PolicyPipeline.Tier(plan, options.CompileCache), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>
    /// How the policy was named when loaded: the file name given with its text, the path of a file, or, in a directory,
    /// its path under the directory without <c>.policy</c> (<c>after-sales/售后客服考核</c>), as the service names it.
    /// </summary>
    public string Id { get; }

    /// <summary>The policy's name (<c>policy 售后客服考核</c>); empty when it could not be read.</summary>
    public string Name { get; }

    /// <summary>The version the policy declares (<c>version 2026.1</c>), if any.</summary>
    public string? Version { get; }

    /// <summary>
    /// The content version: the first 16 hex digits of the SHA-256 of its text (and of the libraries it includes), the
    /// same as the service's <c>version.hash</c> and the ledger's policy version.
    /// </summary>
    public string VersionHash { get; }

    /// <summary>The period kind the policy declares (<c>month</c>, <c>quarter</c>…), or empty.</summary>
    public string Period => Planned.Checked.File.Period?.Text ?? "";

    /// <summary>Every error and warning, in file and position order.</summary>
    public IReadOnlyList<PolicyDiagnostic> Diagnostics { get; }

    /// <summary>The errors among <see cref="Diagnostics"/>.</summary>
    public IEnumerable<PolicyDiagnostic> Errors => Diagnostics.Where(d => d.IsError);

    /// <summary>True when the policy checks clean and evaluates (warnings allowed).</summary>
    public bool IsReady => Plan is not null;

    /// <summary>True for a <c>library</c> file: it is included by policies and does not evaluate by itself.</summary>
    public bool IsLibrary { get; }

    /// <summary>The inputs a fact set gives, in declared order; empty when the policy is not ready.</summary>
    public IReadOnlyList<PolicyField> Inputs { get; }

    /// <summary>The outputs an evaluation gives, in declared order; empty when the policy is not ready.</summary>
    public IReadOnlyList<PolicyField> Outputs { get; }

    /// <summary>The pipeline's result: the check (AST, semantic model), the plan and each stage's time.</summary>
    public PlannedPolicy Planned { get; }

    /// <summary>The evaluation tree; null when the policy is not ready.</summary>
    public PolicyPlan? Plan { get; }

    /// <summary>
    /// True once evaluations without an explanation run the policy's compiled code (started in the background by the
    /// first evaluation, or by <see cref="WhenCompiledAsync"/>); until then, and in a process that cannot load generated
    /// code (Native AOT), the tree evaluator serves with the same results.
    /// </summary>
    public bool IsCompiled => _tiered is { IsValueCreated: true } && _tiered.Value.IsCompiled;

    /// <summary>
    /// Starts compiling if no evaluation has yet, and waits until compilation has finished: true when compiled code now
    /// serves evaluations, false when the policy is not ready, was loaded with <see cref="PolicyLoadOptions.Compile"/>
    /// off, or stays on the tree evaluator. For an embedder that wants the compiled tier before its first call.
    /// </summary>
    public Task<bool> WhenCompiledAsync(CancellationToken cancellationToken = default) =>
        _tiered is null ? Task.FromResult(false) : _tiered.Value.WhenCompiledAsync(cancellationToken);

    /// <summary>A builder for one fact set of this policy, validated like JSON facts when built.</summary>
    public FactBuilder Facts() => new(this);

    /// <summary>Reads and validates JSON facts without evaluating them (strict JSON, the policy's schema, the fact limits).</summary>
    public FactSet ReadJson(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        return Plan is null ? NotReadyFacts() : new FactSet(this, FactReader.Read(Plan.Inputs, json, _limits));
    }

    /// <summary>Reads JSON facts given as UTF-8 bytes (a byte order mark is skipped); bytes that are not UTF-8 are a fact error at <c>$</c>.</summary>
    public FactSet ReadJson(ReadOnlyMemory<byte> utf8Json)
    {
        var bytes = utf8Json.Span;
        if (bytes.StartsWith("\uFEFF"u8)) bytes = bytes[3..];
        if (!System.Text.Unicode.Utf8.IsValid(bytes)) return Rejected(FactMessages.Utf8Text, FactMessages.NotUtf8);
        if (bytes.Length > _limits.MaxJsonChars && Encoding.UTF8.GetCharCount(bytes) is var count && count > _limits.MaxJsonChars)
            return Rejected(FactMessages.SizeLimit(_limits.MaxJsonChars), FactMessages.Characters(count), FactErrorKind.LimitExceeded);
        return ReadJson(Encoding.UTF8.GetString(bytes));
    }

    /// <summary>Reads JSON facts given as UTF-8 bytes.</summary>
    public FactSet ReadJson(byte[] utf8Json)
    {
        ArgumentNullException.ThrowIfNull(utf8Json);
        return ReadJson(utf8Json.AsMemory());
    }

    /// <summary>
    /// Reads JSON facts from a reader, at most <see cref="FactLimits.MaxJsonChars"/> characters of it (more is a limit
    /// error, and the rest is not read). The reader is not closed.
    /// </summary>
    public FactSet ReadJson(TextReader json)
    {
        ArgumentNullException.ThrowIfNull(json);
        var text = new StringBuilder();
        var buffer = new char[8192];
        int read;
        while ((read = json.Read(buffer, 0, buffer.Length)) > 0)
        {
            text.Append(buffer, 0, read);
            if (text.Length > _limits.MaxJsonChars)
                return Rejected(FactMessages.SizeLimit(_limits.MaxJsonChars), FactMessages.MoreCharacters(_limits.MaxJsonChars), FactErrorKind.LimitExceeded);
        }
        return ReadJson(text.ToString());
    }

    /// <summary>Reads JSON facts from a UTF-8 stream (a byte order mark is skipped); the stream is not closed.</summary>
    public FactSet ReadJson(Stream utf8Json)
    {
        ArgumentNullException.ThrowIfNull(utf8Json);
        using var reader = new StreamReader(utf8Json, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true, throwOnInvalidBytes: true),
            detectEncodingFromByteOrderMarks: false, bufferSize: 8192, leaveOpen: true);
        try
        {
            return ReadJson(reader);
        }
        catch (DecoderFallbackException)
        {
            return Rejected(FactMessages.Utf8Text, FactMessages.NotUtf8);
        }
    }

    /// <summary>Evaluates JSON facts (strict JSON, RFC 8259): <c>{ "岗位": "普通售后客服", "退款率": "6%", … }</c>.</summary>
    public EvaluationResult EvaluateJson(string json, PolicyEvaluationOptions? options = null) => Evaluate(ReadJson(json), options);

    /// <summary>Evaluates JSON facts given as UTF-8 bytes.</summary>
    public EvaluationResult EvaluateJson(ReadOnlyMemory<byte> utf8Json, PolicyEvaluationOptions? options = null) => Evaluate(ReadJson(utf8Json), options);

    /// <summary>Evaluates JSON facts given as UTF-8 bytes.</summary>
    public EvaluationResult EvaluateJson(byte[] utf8Json, PolicyEvaluationOptions? options = null) => Evaluate(ReadJson(utf8Json), options);

    /// <summary>Evaluates JSON facts read from <paramref name="json"/> (not closed).</summary>
    public EvaluationResult EvaluateJson(TextReader json, PolicyEvaluationOptions? options = null) => Evaluate(ReadJson(json), options);

    /// <summary>Evaluates JSON facts read from a UTF-8 stream (not closed).</summary>
    public EvaluationResult EvaluateJson(Stream utf8Json, PolicyEvaluationOptions? options = null) => Evaluate(ReadJson(utf8Json), options);

    /// <summary>
    /// Evaluates a fact set built for this policy. Invalid facts give their <see cref="EvaluationResult.FactErrors"/>; a
    /// policy that is not ready, a bad period or a runtime fault give an <see cref="EvaluationResult.Error"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The facts were built for another policy.</exception>
    public EvaluationResult Evaluate(FactSet facts, PolicyEvaluationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(facts);
        if (!ReferenceEquals(facts.Policy, this)) throw new ArgumentException($"the facts were built for policy '{facts.Policy.Id}', not '{Id}'", nameof(facts));
        options ??= PolicyEvaluationOptions.Default;
        if (Plan is null) return EvaluationResult.Failed(NotReady());
        if (!facts.IsValid) return EvaluationResult.Invalid(facts.Errors);
        var (engineOptions, failure, earlierErrors) = EngineOptions(options);
        if (failure is not null) return EvaluationResult.Failed(failure);
        if (engineOptions is null) return EvaluationResult.Invalid(earlierErrors);
        var result = _tiered is null
            ? JsonEvaluation.Evaluate(Plan, facts.Read, engineOptions)
            : JsonEvaluation.Evaluate(_tiered.Value, facts.Read, engineOptions);
        return EvaluationResult.Of(result);
    }

    /// <summary>
    /// Evaluates a group together, for population rules (ranking, forced distribution, selection): each member by its
    /// id with facts built for this policy, the results in the members' order. A member's fact errors are at
    /// <c>$['E001'].退款率</c>, as in <see cref="EvaluateGroupJson"/>; an id given twice is an error at it. More members than
    /// <see cref="FactLimits.MaxGroupMembers"/> is a limit error at <c>$</c>.
    /// </summary>
    /// <exception cref="ArgumentException">Some facts were built for another policy.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public GroupEvaluationResult EvaluateGroup(IEnumerable<KeyValuePair<string, FactSet>> members, PolicyEvaluationOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(members);
        var list = members.ToList();
        foreach (var (id, facts) in list)
        {
            ArgumentNullException.ThrowIfNull(id, nameof(members));
            ArgumentNullException.ThrowIfNull(facts, nameof(members));
            if (!ReferenceEquals(facts.Policy, this)) throw new ArgumentException($"the facts of member '{id}' were built for policy '{facts.Policy.Id}', not '{Id}'", nameof(members));
        }
        if (Plan is null) return GroupEvaluationResult.Failed(NotReady());
        if (list.Count > _limits.MaxGroupMembers)
            return GroupEvaluationResult.Invalid([FactMessages.Error(JsonPath.Root, FactMessages.GroupLimit(_limits.MaxGroupMembers), FactMessages.Members(list.Count), FactErrorKind.LimitExceeded)]);
        var errors = new List<FactError>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (id, facts) in list)
        {
            var path = JsonPath.Root + JsonPath.Member(id);
            if (!ids.Add(id)) errors.Add(FactMessages.Error(path, FactMessages.KeyOnce, FactMessages.RepeatedKey));
            else errors.AddRange(facts.Errors.Select(e => e with { Path = path + e.Path[1..] }));
        }
        if (errors.Count > 0) return GroupEvaluationResult.Invalid(errors);
        var (engineOptions, failure, earlierErrors) = EngineOptions(options ?? PolicyEvaluationOptions.Default);
        if (failure is not null) return GroupEvaluationResult.Failed(failure);
        if (engineOptions is null) return GroupEvaluationResult.Invalid(earlierErrors);
        try
        {
            var outcomes = Evaluator.EvaluateGroup(Plan, list.Select(m => m.Value.Read.Facts!).ToList(), engineOptions, cancellationToken);
            return GroupEvaluationResult.Of(list.Select((m, i) => (m.Key, outcomes[i])).ToList());
        }
        catch (EvaluationException error)
        {
            return GroupEvaluationResult.Failed(EvaluationError.Of(error));
        }
    }

    /// <summary>Evaluates a group given as JSON: an object of member id → facts (<c>{ "E001": { … }, "E002": { … } }</c>).</summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public GroupEvaluationResult EvaluateGroupJson(string membersJson, PolicyEvaluationOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(membersJson);
        if (Plan is null) return GroupEvaluationResult.Failed(NotReady());
        var (engineOptions, failure, earlierErrors) = EngineOptions(options ?? PolicyEvaluationOptions.Default);
        if (failure is not null) return GroupEvaluationResult.Failed(failure);
        if (engineOptions is null) return GroupEvaluationResult.Invalid(earlierErrors);
        var (outcomes, errors, error) = JsonEvaluation.EvaluateGroup(Plan, membersJson, engineOptions, _limits, cancellationToken);
        return outcomes is not null ? GroupEvaluationResult.Of(outcomes)
            : error is not null ? GroupEvaluationResult.Failed(EvaluationError.Of(error))
            : GroupEvaluationResult.Invalid(errors);
    }

    /// <summary>
    /// The engine's options for the caller's: null with the reason when the period is not usable, or with the
    /// violations of the earlier periods.
    /// </summary>
    private (EvaluationOptions? Options, EvaluationError? Failure, IReadOnlyList<FactError> EarlierErrors) EngineOptions(PolicyEvaluationOptions options)
    {
        var plan = Plan!;
        if (options.Period is null && options.EarlierPeriodsJson is null && !options.Explain && options.Budget == EvaluationOptions.Default.Budget)
        {
            return (EvaluationOptions.Default, null, []); // the usual call: nothing to read or make
        }
        PeriodValue? period = null;
        if (options.Period is { } text)
        {
            if (!PeriodValue.TryParse(text, out var parsed) || parsed.ToString() != text)
                return (null, new EvaluationError(FailureKind.InvalidOptions,
                    $"period {JsonConvert.ToString(text)} is not a period in canonical form (2026-03, 2026-Q1, 2026-H1, 2026)",
                    $"期间 {JsonConvert.ToString(text)} 不是规范形式的期间（2026-03、2026-Q1、2026-H1、2026）", null, 0, 0, []), []);
            if (plan.PeriodKind is { } kind && parsed.Kind != kind)
                return (null, new EvaluationError(FailureKind.InvalidOptions,
                    $"the policy is appraised by {plan.PeriodText}: period {text} is of another kind",
                    $"策略按 {plan.PeriodText} 考核：期间 {text} 的种类不符", null, 0, 0, []), []);
            period = parsed;
        }
        IReadOnlyList<EarlierPeriod> history = [];
        if (options.EarlierPeriodsJson is { } earlier)
        {
            var (read, errors) = JsonEvaluation.ReadHistory(plan, earlier);
            if (errors.Count > 0) return (null, null, errors.Select(e => e with { Path = EarlierPeriods + e.Path[1..] }).ToArray());
            history = read;
        }
        return (new EvaluationOptions { Period = period, History = history, Explain = options.Explain, Budget = options.Budget }, null, []);
    }

    /// <summary>Where the errors of <see cref="PolicyEvaluationOptions.EarlierPeriodsJson"/> are, as the service names them.</summary>
    private const string EarlierPeriods = "earlier_periods";

    /// <summary>Validates the facts a builder made, with the same reader as JSON facts.</summary>
    internal FactSet ReadFacts(BuiltFactTokens tokens) =>
        Plan is null ? NotReadyFacts() : new FactSet(this, new FactDocumentReader<BuiltFactTokens>(Plan.Inputs, tokens, _limits).Run());

    private FactSet NotReadyFacts()
    {
        var error = NotReady();
        return new FactSet(this, new FactReadResult(null, [new FactError(JsonPath.Root, "a policy that checks clean", error.Message)
        {
            ExpectedZh = "检查无误的策略", FoundZh = error.MessageZh,
        }]));
    }

    private FactSet Rejected(Bilingual expected, Bilingual found, FactErrorKind kind = FactErrorKind.Invalid) =>
        new(this, new FactReadResult(null, [FactMessages.Error(JsonPath.Root, expected, found, kind)]));

    private EvaluationError NotReady()
    {
        var errors = Errors.ToArray();
        if (IsLibrary)
            return new EvaluationError(FailureKind.PolicyNotReady, $"{Id} is a library: it is included by policies and does not evaluate by itself",
                $"{Id} 是库：供策略引用，本身不能求值", null, 0, 0, []);
        var first = string.Join("; ", errors.Take(3).Select(e => e.ToString()));
        var firstZh = string.Join("；", errors.Take(3).Select(e => $"{e.File}({e.Line},{e.Column}): {e.Code} {e.MessageZh}"));
        return new EvaluationError(FailureKind.PolicyNotReady,
            $"policy {Id} has {errors.Length} error(s) and does not evaluate: {first}",
            $"策略 {Id} 有 {errors.Length} 个错误，不能求值：{firstZh}", null, 0, 0, errors);
    }

    /// <summary>Stops using the compiled tier and unloads its code once no evaluation runs it.</summary>
    public void Dispose()
    {
        if (_tiered is { IsValueCreated: true }) _tiered.Value.Dispose();
    }

    /// <summary>The id, name and whether it is ready.</summary>
    public override string ToString() => IsReady ? $"{Id} ({Name} {Version}, {VersionHash})" : $"{Id}: {Errors.Count()} error(s)";
}
