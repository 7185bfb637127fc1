using System.Globalization;
using Appraisal.Engine.Evaluation;
using Appraisal.Engine.Facts;
using Appraisal.Engine.Hosting;
using Appraisal.Engine.Planning;
using Appraisal.Engine.Statements;
using Appraisal.Engine.Testing;
using Appraisal.Engine.Values;
using Appraisal.Policy.Semantics;
using Appraisal.Policy.Syntax;
using Lang = Appraisal.Policy.Diagnostics.Language;

namespace Appraisal.Service.Studio;

/// <summary>
/// Trying an employee on a draft: the input schema the page builds its form from, and the draft evaluated on the
/// facts the form sends — the outcome with its substituted explanation, or the statement page. Nothing is recorded.
/// Facts are read by the engine's fact reader with the service's limits; they never reach a log.
/// </summary>
internal static class StudioTrying
{
    /// <summary>
    /// The draft's inputs (type, bounds, default, enum members, description), the fields of its records, its outputs and
    /// period kind; and, as an example to fill the form with, the facts and period of its first one-member test case.
    /// </summary>
    public static object Schema(StudioDraft draft)
    {
        if (draft.Planned.Plan is not { } plan) return new { planned = false };
        var example = PolicyTestRunner.Tests(plan)
            .FirstOrDefault(t => t.Clauses.OfType<TestGiven>().Count() == 1 && !t.Clauses.OfType<TestHistory>().Any());
        object? exampleJson = null;
        if (example is not null)
        {
            var (members, period) = PolicyTestRunner.Givens(plan, example);
            exampleJson = new { title = example.Title, factsJson = CanonicalFacts.Write(plan.Inputs, members[0]), period = period?.ToString() ?? "" };
        }
        return new
        {
            planned = true,
            inputs = plan.Inputs.Fields.Select(Field),
            records = plan.Inputs.RecordFields.OrderBy(r => r.Key, StringComparer.Ordinal).Select(r => new { name = r.Key, fields = r.Value.Select(Field) }),
            outputs = plan.OutputSchema.Fields.Select(f => new { name = f.Name, type = f.Type.Display }),
            period = plan.PeriodText ?? "",
            example = exampleJson,
        };
    }

    private static object Field(InputField field) => new
    {
        name = field.Name,
        type = field.Type.Display,
        kind = Kind(field.Type),
        element = field.Type is ListType list ? list.Element.Display : null,
        elementKind = field.Type is ListType l ? Kind(l.Element) : null,
        low = field.Low?.ToString(CultureInfo.InvariantCulture),
        high = field.High?.ToString(CultureInfo.InvariantCulture),
        defaultJson = field.Default is { } d ? ValueJson.ToJson(d, field.Type) : null,
        required = field.IsRequired,
        enumValues = field.Type is EnumType e ? e.Members.ToArray() : field.Type is ListType { Element: EnumType le } ? le.Members.ToArray() : null,
        description = field.Description,
    };

    /// <summary>How the form asks for a value of this type: enum, bool, number, text, date, record, list.</summary>
    private static string Kind(PolicyType type) => type switch
    {
        EnumType => "enum",
        ListType => "list",
        RecordType => "record",
        _ when type == PolicyType.Bool => "bool",
        _ when type == PolicyType.Text => "text",
        _ when type == PolicyType.Date => "date",
        _ => "number",
    };

    /// <summary>
    /// The draft evaluated on <c>factsJson</c> for <c>period</c>: <c>{outputs: [{name, type, value, json}], explanation}</c>;
    /// a fault of the draft's rules (a division by zero …) is <c>{fault: {message, line}}</c>. Facts that do not fit
    /// its inputs are a 400 listing each with its path.
    /// </summary>
    public static object Evaluate(StudioDraft draft, StudioRequest request, FactLimits limits, long budget, Lang language)
    {
        var (plan, result, _, _) = Run(draft, request, limits, budget);
        if (result.Error is { } error)
            return new { fault = new { message = language == Lang.Zh ? error.MessageZh : error.Message, line = error.Span.StartPosition.Line } };
        var outcome = result.Outcome!;
        return new
        {
            version = "draft",
            outputs = outcome.Outputs.Select(o => new
            {
                name = o.Name, type = o.Type.Display, value = ValueFormat.Format(o.Value, o.Type, language == Lang.Zh), json = ValueJson.ToJson(o.Value, o.Type),
            }),
            explanation = ExplanationText.Render(outcome, language),
            period = request.String("period", required: false),
            policy = plan.Name,
        };
    }

    /// <summary>The statement page of the draft's outcome (the statement the service renders, marked as a draft's).</summary>
    public static string Statement(StudioDraft draft, StudioRequest request, FactLimits limits, long budget, Lang language, DateOnly today)
    {
        var (_, result, _, _) = Run(draft, request, limits, budget);
        if (result.Error is { } error)
            throw new StudioBadRequest("factsJson", language == Lang.Zh ? $"草稿在这些事实上出错：{error.MessageZh}" : $"the draft fails on these facts: {error.Message}");
        return Engine.Statements.Statement.Render(result.Outcome!, new StatementContext
        {
            Subject = request.String("subjectId", required: false), Period = request.String("period", required: false), VersionHash = "draft", Date = today,
        }, language);
    }

    /// <summary>
    /// The employee tried kept as a test case of the draft: the case written from the facts, the period and the outcome
    /// (<see cref="TestCaseWriter"/>), titled <c>title</c> (made unique among the draft's cases), appended to the draft
    /// — formatted with the rest when the draft was in the canonical format — and run on the new text before it is
    /// answered: <c>{text, title, line, skipped}</c>, the new draft, the case's title and first line (from 1), and the
    /// outputs it could not expect. The page puts the text in its editor; nothing is written anywhere else.
    /// </summary>
    public static object SaveAsTest(StudioDraft draft, StudioRequest request, FactLimits limits, long budget, Lang language)
    {
        var zh = language == Lang.Zh;
        var (plan, result, facts, period) = Run(draft, request, limits, budget);
        if (result.Error is { } error)
            throw new StudioBadRequest("factsJson", zh ? $"草稿在这些事实上出错，不能存为测试用例：{error.MessageZh}" : $"the draft fails on these facts, so they cannot be a test case: {error.Message}");
        var titles = PolicyTestRunner.Tests(plan).Select(t => t.Title).ToHashSet(StringComparer.Ordinal);
        var wanted = request.String("title", required: false).Trim();
        if (wanted.Length == 0) wanted = zh ? "试算的员工" : "employee tried";
        if (wanted.Length > 200 || wanted.Any(c => char.IsControl(c))) throw new StudioBadRequest("title", zh ? "标题最多 200 个字符，不含控制字符" : "at most 200 characters, no control characters");
        var title = wanted;
        for (var n = 2; titles.Contains(title); n++) title = $"{wanted} ({n})";

        var written = TestCaseWriter.Write(plan, title, facts, period, result.Outcome!);
        var newline = draft.Text.Contains("\r\n", StringComparison.Ordinal) ? "\r\n" : "\n";
        var (service, uri) = draft.Open();
        var wasFormatted = service.Format(uri).IsEmpty;
        var text = draft.Text.TrimEnd() + newline + newline + written.Text.Replace("\n", newline, StringComparison.Ordinal) + newline;
        var next = draft.WithText(text);
        if (wasFormatted)
        {
            var (nextService, nextUri) = next.Open();
            if (nextService.Format(nextUri) is [{ } edit]) next = draft.WithText(edit.NewText);
        }

        // The case must pass on the text the page is given: a value no literal spells would make it fail here.
        var test = next.Planned.Plan is { } nextPlan ? PolicyTestRunner.Tests(nextPlan).SingleOrDefault(t => t.Title == title) : null;
        var run = test is null ? null : PolicyTestRunner.Run(next.Planned.Plan!, test);
        if (run is not { Passed: true })
        {
            var why = run is null
                ? string.Join("; ", next.Checked.Diagnostics.Where(d => d.IsError).Take(3).Select(d => d.Message(language)))
                : string.Join("; ", run.Mismatches.Select(m => m.Output).Concat(run.Error is { } e ? [zh ? e.MessageZh : e.Message] : []));
            throw new StudioBadRequest("factsJson", zh ? $"这些事实写成测试用例后不能通过：{why}" : $"these facts written as a test case do not pass: {why}");
        }
        return new { text = next.Text, title, line = test!.Span.StartPosition.Line, skipped = written.Skipped };
    }

    private static (PolicyPlan Plan, JsonEvaluationResult Result, IReadOnlyList<Value> Facts, PeriodValue? Period) Run(StudioDraft draft, StudioRequest request, FactLimits limits, long budget)
    {
        var plan = draft.Planned.Plan
            ?? throw new StudioBadRequest("text", "the draft has errors; fix them before trying an employee");
        var facts = request.String("factsJson");
        var periodText = request.String("period", required: false);
        PeriodValue? period = null;
        if (periodText.Length > 0)
        {
            if (!PeriodValue.TryParse(periodText, out var parsed)) throw new StudioBadRequest("period", "must be a period such as 2026-03, 2026-Q1, 2026-H1 or 2026");
            if (plan.PeriodKind is { } kind && parsed.Kind != kind) throw new StudioBadRequest("period", $"the draft appraises periods of kind {plan.PeriodText}");
            period = parsed;
        }
        var read = FactReader.Read(plan.Inputs, facts, limits);
        if (read.Errors.Count > 0) throw new StudioFactsRejected(read.Errors, request.Language);
        var result = JsonEvaluation.Evaluate(plan, read, new EvaluationOptions { Period = period, Explain = true, Budget = budget });
        return (plan, result, read.Facts!, period);
    }
}

/// <summary>Facts that do not fit the draft's inputs: 400 with every problem at its path.</summary>
internal sealed class StudioFactsRejected(IReadOnlyList<FactError> errors, Lang language) : Exception("the facts do not fit the draft's inputs")
{
    public IReadOnlyList<FactError> Errors { get; } = errors;
    public Lang Language { get; } = language;
}
