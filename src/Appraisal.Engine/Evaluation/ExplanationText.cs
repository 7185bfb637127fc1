using System.Text;
using Appraisal.Engine.Planning;
using Appraisal.Engine.Values;
using Appraisal.Policy.Diagnostics;
using Appraisal.Policy.Semantics;
using Appraisal.Policy.Syntax;
using Appraisal.Policy.Text;

namespace Appraisal.Engine.Evaluation;

/// <summary>
/// Renders an explanation as text an employee can follow, in Chinese or English: each output, the rule and
/// citation behind it, the inputs it read, the table rows it hit ("退款率分(6%) 第 2 行 「&lt;= 8% =&gt; 20」 → 20 分"),
/// scorecard lines, gate conditions with how far from passing, levels with what is missing.
/// </summary>
public sealed class ExplanationText
{
    private readonly SemanticModel _model;
    private readonly bool _zh;
    private readonly StringBuilder _text = new();
    private readonly HashSet<Derivation> _shown = new();
    /// <summary>Derivations met deeper than <see cref="MaxNesting"/>, shown after the block that reached them.</summary>
    private readonly Queue<Derivation> _later = new();
    private readonly HashSet<Derivation> _queued = new();

    /// <summary>
    /// How deep derivations nest inside the output that uses them. A rule used deeper than this is shown as its own
    /// block after that output ("see below"), so indentation and recursion stay bounded whatever the policy's depth;
    /// and a rule shown once is referred to ("see above"), so the text grows with the policy, not with its paths.
    /// </summary>
    public const int MaxNesting = 12;

    private ExplanationText(SemanticModel model, Language language)
    {
        _model = model;
        _zh = language == Language.Zh;
    }

    /// <summary>Renders the derivation of every output, or only of the outputs named in <paramref name="only"/>.</summary>
    public static string Render(Outcome outcome, Language language, IReadOnlyCollection<string>? only = null)
    {
        if (outcome.Explanation is null) throw new ArgumentException("the outcome was evaluated without an explanation", nameof(outcome));
        var renderer = new ExplanationText(outcome.Plan.Source.Model, language);
        foreach (var output in outcome.Explanation.Outputs)
        {
            if (only is not null && !only.Contains(output.Rule.Name)) continue;
            renderer.Rule(output, 0);
            while (renderer._later.TryDequeue(out var later)) renderer.Rule(later, 0);
        }
        if (only is null) renderer.Population(outcome.Explanation.Population);
        return renderer._text.ToString();
    }

    private string T(string zh, string en) => _zh ? zh : en;

    private void Line(int depth, string text) => _text.Append(' ', depth * 2).Append(text).Append('\n');

    private string Format(Value value, PolicyType type) => ValueFormat.Format(value, type, _zh);

    private static string Source(TextSpan span) => span.Source.Text[span.Start..span.End].ReplaceLineEndings(" ").Trim();

    private void Rule(Derivation derivation, int depth)
    {
        var rule = derivation.Rule;
        var header = rule is ScorecardRule scorecard
            ? $"{rule.Name} = " + T($"{Plain(derivation.Value.AsRecord.Fields[0].AsNumber)} 分（满分 {Plain(scorecard.Total)} 分）",
                $"{Plain(derivation.Value.AsRecord.Fields[0].AsNumber)} of {Plain(scorecard.Total)} points")
            : $"{rule.Name} = {Format(derivation.Value, rule.Type)}";
        if (_shown.Contains(derivation))
        {
            Line(depth, header + T("（见上）", " (see above)"));
            return;
        }
        if (depth > MaxNesting)
        {
            Line(depth, header + T("（见下）", " (see below)"));
            if (_queued.Add(derivation)) _later.Enqueue(derivation);
            return;
        }
        _shown.Add(derivation);
        var (line, _) = rule.Declaration.Name.Span.StartPosition;
        var where = $"{Path.GetFileName(rule.Span.File)}:{line}";
        Line(depth, rule.Citation.Length > 0 ? $"{header}    〔{rule.Citation}；{where}〕" : $"{header}    〔{where}〕");
        var inner = depth + 1;
        switch (rule)
        {
            case DefinitionRule definition when derivation.ExceptionApplied is null:
                Line(inner, "= " + Source(definition.Body.Span));
                break;
            case OutputRule output when derivation.ExceptionApplied is null && !Vetoed(derivation):
                Line(inner, "= " + Source(output.Body.Span));
                break;
        }
        if (derivation.ExceptionApplied is not null && derivation.ExceptionSpan is { } exception)
            Line(inner, T("例外：", "exception: ") + Source(exception));
        foreach (var input in derivation.Inputs)
            Line(inner, T("输入 ", "input ") + $"{input.Name} = {Format(input.Value, input.Type)}");
        foreach (var hit in derivation.TableHits) Table(hit, inner);
        foreach (var detail in derivation.Details) Detail(detail, inner);
        foreach (var use in derivation.Uses) Rule(use, inner);
    }

    /// <summary>Rules over the group: what this member was given, and by which key the group was ordered.</summary>
    private void Population(IReadOnlyDictionary<PopulationRule, Value> results)
    {
        foreach (var (rule, value) in results.OrderBy(r => r.Key.Slot))
        {
            var (line, _) = rule.Declaration.Name.Span.StartPosition;
            var how = rule.Declaration switch
            {
                RankDecl => T($"组内按 {Source(rule.By.Span)} 排名", $"ranked in the group by {Source(rule.By.Span)}"),
                DistributeDecl d => T($"组内按 {Source(rule.By.Span)} 排序，按 {string.Join(" : ", d.Shares.Select(s => $"{s.Value.Text} {Plain(s.Weight)}"))} 强制分布",
                    $"the group ordered by {Source(rule.By.Span)}, distributed {string.Join(" : ", d.Shares.Select(s => $"{s.Value.Text} {Plain(s.Weight)}"))}"),
                _ => T($"组内按 {Source(rule.By.Span)} 评选", $"selected in the group by {Source(rule.By.Span)}"),
            };
            var header = $"{rule.Name} = {Format(value, rule.Type)}";
            Line(0, rule.Citation.Length > 0 ? $"{header}    〔{rule.Citation}；{Path.GetFileName(rule.Span.File)}:{line}〕" : header);
            Line(1, how);
        }
    }

    private static bool Vetoed(Derivation derivation) => derivation.Details.OfType<OutputDetail>().Any(d => d.Veto is not null);

    private void Table(TableHit hit, int depth)
    {
        var columns = hit.Table.Declaration.Columns;
        var arguments = string.Join(", ", hit.Arguments.Select((v, i) => Format(v, _model.TypeOf(_model.SymbolOfDeclaration[columns[i]]))));
        var row = hit.Table.Declaration.Rows[hit.Row - 1];
        var result = Format(hit.Result, _model.TypeOf(_model.SymbolOfDeclaration[hit.Table.Declaration]));
        Line(depth, _zh
            ? $"{hit.Table.Name}({arguments}) 第 {hit.Row} 行「{Source(row.Span)}」→ {result}"
            : $"{hit.Table.Name}({arguments}) row {hit.Row} “{Source(row.Span)}” → {result}");
    }

    private void Detail(RuleDetail detail, int depth)
    {
        switch (detail)
        {
            case ScorecardDetail scorecard:
                foreach (var entry in scorecard.Entries) ScorecardEntry(entry, depth);
                var floor = scorecard.Floor is { } f && scorecard.Sum < f ? T($"（不低于 {Plain(f)}）", $" (not below {Plain(f)})") : "";
                Line(depth, T($"合计 {Plain(scorecard.Score)} 分，满分 {Plain(scorecard.Max)} 分", $"total {Plain(scorecard.Score)} of {Plain(scorecard.Max)} points") + floor);
                break;
            case GateDetail gate:
                foreach (var condition in gate.Conditions) Condition(condition, depth);
                Line(depth, gate.Passed ? T("→ 通过", "→ passed") : T("→ 未通过", "→ not passed"));
                break;
            case VetoDetail { Fired: true }:
                Line(depth, T("→ 触发一票否决", "→ veto applies"));
                break;
            case LevelsDetail levels:
                Levels(levels, depth);
                break;
            case EscalationDetail escalation:
                if (escalation.Steps.Count == 0) Line(depth, T("无连续的往期结果：取起始值", "no unbroken run of earlier periods: the start value"));
                foreach (var step in escalation.Steps)
                    Line(depth, $"{step.Period}: {Action(step.Action)} → {ValueFormat.Percent(step.Value)}%");
                break;
            case OutputDetail output:
                if (output.Veto is { } veto)
                    Line(depth, T($"一票否决「{veto.Name}」", $"veto “{veto.Name}”") + (veto.Message is { } m ? $": {m}" : ""));
                break;
        }
    }

    private void ScorecardEntry(ScoredEntry entry, int depth)
    {
        var e = entry.Plan.Entry;
        var text = e.Kind switch
        {
            EntryKind.Deduct => T($"扣分 {e.Name.Text}：-{Plain(entry.Final)}", $"deduction {e.Name.Text}: -{Plain(entry.Final)}"),
            EntryKind.Add => T($"加分 {e.Name.Text}：+{Plain(entry.Final)}", $"addition {e.Name.Text}: +{Plain(entry.Final)}"),
            _ => $"{e.Name.Text}: {Plain(entry.Final)}" + (entry.Plan.Max is { } max ? T($" / {Plain(max)} 分", $" of {Plain(max)}") : ""),
        };
        if (entry.Raw != entry.Final)
            text += entry.Raw < entry.Final
                ? T($"（算得 {Plain(entry.Raw)}，不低于 {Plain(entry.Final)}）", $" (computed {Plain(entry.Raw)}, floor {Plain(entry.Final)})")
                : T($"（算得 {Plain(entry.Raw)}，封顶 {Plain(entry.Final)}）", $" (computed {Plain(entry.Raw)}, capped at {Plain(entry.Final)})");
        if (entry.Plan.Weight is { } weight) text += T($" × 权重 {Plain(weight)} = {Plain(entry.Contribution)}", $" × weight {Plain(weight)} = {Plain(entry.Contribution)}");
        Line(depth, text);
    }

    private void Condition(CheckedCondition condition, int depth)
    {
        var c = condition.Plan.Condition;
        var label = Label(c);
        var text = $"{label}: " + (condition.Holds ? T("满足", "holds") : T("不满足", "does not hold"));
        if (condition is { Left: { } left, Right: { } right } && c.Test is BinaryExpr compare)
        {
            var type = _model.TypeOf(compare.Left);
            text += T($"（{Format(left, type)} {Operator(compare.Op)} {Format(right, type)}）", $" ({Format(left, type)} {Operator(compare.Op)} {Format(right, type)})");
            if (!condition.Holds && left.Kind == ValueKind.Number && right.Kind == ValueKind.Number && Gap(compare.Op, left.AsNumber, right.AsNumber) is { } gap)
                text += T($"，差 {Format(Value.Of(gap), type)}", $", short by {Format(Value.Of(gap), type)}");
        }
        Line(depth, text);
    }

    private static string Label(Condition c) => c.Label?.Text ?? c.Description ?? Source(c.Test.Span);

    private static decimal? Gap(BinaryOp op, decimal left, decimal right) => op switch
    {
        BinaryOp.Ge or BinaryOp.Gt => Difference(right, left),
        BinaryOp.Le or BinaryOp.Lt => Difference(left, right),
        _ => null,
    };

    /// <summary><paramref name="a"/> − <paramref name="b"/>, or null where no decimal holds it (then no gap is shown).</summary>
    private static decimal? Difference(decimal a, decimal b) =>
        (a >= 0 && b <= 0 && a > decimal.MaxValue + b) || (a <= 0 && b >= 0 && a < decimal.MinValue + b) ? null : a - b;

    private void Levels(LevelsDetail levels, int depth)
    {
        foreach (var level in levels.Levels)
        {
            var missing = level.Requirements.Where(r => !r.Holds).Select(r => Label(r.Plan.Condition)).ToList();
            Line(depth, missing.Count == 0
                ? T($"{level.Level}：要求全部满足", $"{level.Level}: all requirements met")
                : T($"{level.Level}：缺 {string.Join("、", missing)}", $"{level.Level}: missing {string.Join(", ", missing)}"));
        }
        if (levels.Result < levels.Reached && levels.Step is { } step)
            Line(depth, T($"每次最多晋升 {step} 级：可达 {levels.Levels[levels.Reached].Level}，本次评为 {levels.Levels[levels.Result].Level}",
                $"promotion is limited to {step} level(s) at a time: {levels.Levels[levels.Reached].Level} is within reach, this review gives {levels.Levels[levels.Result].Level}"));
    }

    private string Action(EscalationAction action) => action switch
    {
        EscalationAction.Step => T("上调", "step up"),
        EscalationAction.Capped => T("已到上限", "at the cap"),
        EscalationAction.Reset => T("恢复起始值", "reset"),
        EscalationAction.Hold => T("保持", "hold"),
        _ => T("起始", "start"),
    };

    private static string Operator(BinaryOp op) => op switch
    {
        BinaryOp.Lt => "<", BinaryOp.Le => "≤", BinaryOp.Gt => ">", BinaryOp.Ge => "≥", BinaryOp.Eq => "=", _ => "≠",
    };

    private static string Plain(decimal number) => ValueFormat.Plain(ValueFormat.Trim(number));
}
