using System.Text;
using Appraisal.Engine.Planning;
using Appraisal.Engine.Values;
using Appraisal.Policy.Diagnostics;
using Appraisal.Policy.Semantics;
using Appraisal.Policy.Syntax;
using Appraisal.Policy.Text;
using static Appraisal.Engine.Evaluation.ConditionWording;

namespace Appraisal.Engine.Evaluation;

/// <summary>
/// Renders an explanation as text an employee can follow, in Chinese or English: each output, the rule and
/// citation behind it, the inputs it read, the table rows it hit ("退款率分(6%) 第 2 行 「&lt;= 8% =&gt; 20」 → 20 分"),
/// scorecard lines, gate conditions with how far from passing, levels with what is missing.
/// </summary>
public sealed class ExplanationText
{
    private readonly PolicyPlan _plan;
    private readonly SemanticModel _model;
    private readonly bool _zh;
    private readonly StringBuilder _text = new();
    private readonly HashSet<Derivation> _shown = new();
    /// <summary>Derivations met deeper than <see cref="MaxNesting"/>, shown after the block that reached them.</summary>
    private readonly Queue<Derivation> _later = new();
    /// <summary>The rule whose details are being written.</summary>
    private Derivation? _current;
    /// <summary>The condition sides' arithmetic of the rule whose details are being written.</summary>
    private IReadOnlyDictionary<ConditionPlan, (Calculation? Left, Calculation? Right)> _sides = new Dictionary<ConditionPlan, (Calculation?, Calculation?)>();
    private readonly HashSet<Derivation> _queued = new();

    /// <summary>
    /// How deep derivations nest inside the output that uses them. A rule used deeper than this is shown as its own
    /// block after that output ("see below"), so indentation and recursion stay bounded whatever the policy's depth;
    /// and a rule shown once is referred to ("see above"), so the text grows with the policy, not with its paths.
    /// </summary>
    public const int MaxNesting = 12;

    private ExplanationText(PolicyPlan plan, Language language)
    {
        _plan = plan;
        _model = plan.Source.Model;
        _zh = language == Language.Zh;
    }

    /// <summary>Renders the derivation of every output, or only of the outputs named in <paramref name="only"/>.</summary>
    public static string Render(Outcome outcome, Language language, IReadOnlyCollection<string>? only = null)
    {
        if (outcome.Explanation is null) throw new ArgumentException("the outcome was evaluated without an explanation", nameof(outcome));
        var renderer = new ExplanationText(outcome.Plan, language);
        foreach (var output in outcome.Explanation.Outputs)
        {
            if (only is not null && !only.Contains(output.Rule.Name)) continue;
            renderer.Rule(output, 0);
            while (renderer._later.TryDequeue(out var later)) renderer.Rule(later, 0);
        }
        if (only is null) renderer.Population(outcome.Explanation);
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
        if (derivation.Calculation is { } calculation) Calculated(derivation, calculation, inner);
        foreach (var input in derivation.Inputs)
            Line(inner, T("输入 ", "input ") + $"{input.Name} = {Format(input.Value, input.Type)}");
        foreach (var hit in derivation.TableHits) Table(hit, inner);
        _sides = derivation.ConditionCalculations;
        _current = derivation;
        foreach (var detail in derivation.Details) Detail(detail, derivation.EntryCalculations, inner);
        foreach (var use in derivation.Uses) Rule(use, inner);
    }

    /// <summary>
    /// The arithmetic with the values substituted, for a person to check: <c>= 1000 元（KPI总奖金）× 95 分（考核.score）÷
    /// 130 分（考核.max）= 730.7692… 元</c>, then the rounding an output states (<c>→ 730.77 元（四舍五入到 0.01）</c>). A bare
    /// name or constant adds nothing to the header and is not repeated.
    /// </summary>
    private void Calculated(Derivation derivation, Calculation calculation, int depth)
    {
        var rounded = derivation.Rule is OutputRule { Precision: { } precision } output
                      && derivation.Details.OfType<OutputDetail>().FirstOrDefault() is { Unrounded: { Kind: ValueKind.Number } unrounded }
                      && Format(unrounded, derivation.Rule.Type) != Format(derivation.Value, derivation.Rule.Type)
            ? T($" → {Format(derivation.Value, derivation.Rule.Type)}（{RoundingName(output.Mode, true)}到 {Plain(precision)}）",
                $" → {Format(derivation.Value, derivation.Rule.Type)} ({RoundingName(output.Mode, false)} to {Plain(precision)})")
            : "";
        if (calculation.IsLeaf)
        {
            if (rounded.Length > 0) Line(depth, $"= {Shown(calculation.Value, calculation.Type)}{rounded}");
            return;
        }
        if (calculation.Kind == CalculationKind.Elements)
        {
            // One line per item, numbered by its place in the list.
            if (calculation.Parts.Count == 0) Line(depth, T("（没有符合的项）", "(no items)"));
            foreach (var element in calculation.Parts)
            {
                var how = element.Parts[0];
                var shown = Shown(element.Value, element.Type);
                Line(depth, T($"第 {element.Text} 项：", $"item {element.Text}: ") + (how.IsLeaf ? shown : $"{Substituted(how, 0)} = {shown}"));
            }
            return;
        }
        Line(depth, $"= {Substituted(calculation, 0)} = {Shown(calculation.Value, calculation.Type)}{rounded}");
    }

    /// <summary>A value as a person checks it: a long decimal cut to four places with an ellipsis (the data keeps it exact).</summary>
    private string Shown(Value value, PolicyType type)
    {
        if (value.Kind != ValueKind.Number) return Format(value, type);
        var number = ValueFormat.Trim(value.AsNumber);
        if (number.Scale <= 6) return Format(Value.Of(number), type);
        // Four decimals, or four significant digits of a small number (0.001125… points per yuan, not 0.0011…).
        var decimals = 4;
        if (type is not NumericType { Kind: NumberKind.Percent, IsDimensionless: true })
            for (var magnitude = Math.Abs(number); magnitude != 0 && magnitude < 0.1m && decimals < 20; magnitude *= 10) decimals++;
        var cut = decimal.Round(number, decimals, MidpointRounding.ToZero);
        var text = Format(Value.Of(cut), type);
        var digits = Plain(ValueFormat.Trim(cut));
        if (type is NumericType { Kind: NumberKind.Percent, IsDimensionless: true }) return text.Replace("%", "…%", StringComparison.Ordinal);
        var at = text.IndexOf(digits, StringComparison.Ordinal);
        return at < 0 ? text + "…" : text.Insert(at + digits.Length, "…");
    }

    private static int Precedence(Calculation c) => c.Kind switch
    {
        CalculationKind.Operation when c.Text is "+" or "−" => 1,
        CalculationKind.Operation => 2,
        CalculationKind.Comparison or CalculationKind.Range => 0,
        _ => 3,
    };

    /// <summary>One step with its values substituted; <paramref name="outer"/> is the precedence of the step around it.</summary>
    private string Substituted(Calculation c, int outer, bool rightOfSame = false)
    {
        var text = c.Kind switch
        {
            CalculationKind.Constant => Shown(c.Value, c.Type),
            CalculationKind.Named when c.Parts is [{ Text: "from", Value.Kind: ValueKind.Date } from] => c.Value.Kind == ValueKind.Number
                ? T($"{Shown(c.Value, c.Type)}（{c.Text}，自 {from.Value} 起）", $"{Shown(c.Value, c.Type)} ({c.Text}, from {from.Value})")
                : T($"{c.Text}（{Truth(c.Value, c.Type)}，自 {from.Value} 起）", $"{c.Text} ({Truth(c.Value, c.Type)}, from {from.Value})"),
            CalculationKind.Named or CalculationKind.Opaque => c.Value.Kind == ValueKind.Number
                ? T($"{Shown(c.Value, c.Type)}（{c.Text}）", $"{Shown(c.Value, c.Type)} ({c.Text})")
                : T($"{c.Text}（{Truth(c.Value, c.Type)}）", $"{c.Text} ({Truth(c.Value, c.Type)})"),
            CalculationKind.Operation => $"{Substituted(c.Parts[0], Precedence(c))} {c.Text} {Substituted(c.Parts[1], Precedence(c), rightOfSame: true)}",
            CalculationKind.Negation => "−" + Substituted(c.Parts[0], 3),
            CalculationKind.Not => T("非 ", "not ") + Substituted(c.Parts[0], 3) + T($" → {Truth(c.Value, c.Type)}", $" → {Truth(c.Value, c.Type)}"),
            CalculationKind.Comparison => $"{Substituted(c.Parts[0], 1)} {c.Text} {Substituted(c.Parts[1], 1)}" + Holds(c.Value),
            CalculationKind.Range => T($"{Substituted(c.Parts[0], 1)} 在 {Substituted(c.Parts[1], 1)}..{Substituted(c.Parts[2], 1)} 之间",
                $"{Substituted(c.Parts[0], 1)} in {Substituted(c.Parts[1], 1)}..{Substituted(c.Parts[2], 1)}") + Holds(c.Value),
            CalculationKind.Logic => c.Parts.Count == 1
                ? Substituted(c.Parts[0], 3) + T("，其余不必再看", ", so the rest is not needed")
                : $"{Substituted(c.Parts[0], 3)} {(c.Text == "and" ? T("且", "and") : T("或", "or"))} {Substituted(c.Parts[1], 3)}",
            CalculationKind.Choice => T($"{Substituted(c.Parts[0], 0)}，取 {Substituted(c.Parts[1], 0)}", $"{Substituted(c.Parts[0], 0)}, so {Substituted(c.Parts[1], 0)}"),
            CalculationKind.Element => Substituted(c.Parts[0], outer),
            CalculationKind.Exception => T($"例外 {Substituted(c.Parts[0], 0)}，取 {Substituted(c.Parts[1], 0)}", $"exception {Substituted(c.Parts[0], 0)}, so {Substituted(c.Parts[1], 0)}"),
            // given(x): whether x was given, and its value when it was.
            CalculationKind.Function when c.Text == "given" && c.Parts is [{ } given] => given.Value.IsMissing
                ? T($"{given.Text} 未提供", $"{given.Text} not given")
                : T($"{given.Text} 已提供（{Format(given.Value, given.Type)}）", $"{given.Text} given ({Format(given.Value, given.Type)})"),
            // Inside an operation a function is shown as its value with the call beside it, like a name (3（max(3, 1)）), so
            // the operation reads with the values it used; at the top the line ends with its value.
            CalculationKind.Function when outer > 0 => T($"{Shown(c.Value, c.Type)}（{Call(c)}）", $"{Shown(c.Value, c.Type)} ({Call(c)})"),
            CalculationKind.Function => Call(c),
            _ => Shown(c.Value, c.Type),
        };
        var precedence = Precedence(c);
        var wrap = precedence < outer || (rightOfSame && precedence == outer && c.Kind == CalculationKind.Operation)
            || (outer == 3 && c.Kind is CalculationKind.Comparison or CalculationKind.Range or CalculationKind.Choice or CalculationKind.Logic && c.Parts.Count > 1);
        return wrap ? $"({text})" : text;
    }

    private string Call(Calculation c) => $"{c.Text}({string.Join(", ", c.Parts.Select(p => Substituted(p, 0)))})";

    private string Holds(Value value) => value.Kind == ValueKind.Bool ? (value.AsBool ? T("（成立）", " (holds)") : T("（不成立）", " (does not hold)")) : "";

    private string Truth(Value value, PolicyType type) => value.Kind == ValueKind.Bool ? (value.AsBool ? T("是", "yes") : T("否", "no")) : Format(value, type);

    private static string RoundingName(RoundingMode mode, bool chinese) => (mode, chinese) switch
    {
        (RoundingMode.HalfUp, true) => "四舍五入",
        (RoundingMode.HalfEven, true) => "四舍六入五成双",
        (RoundingMode.Up, true) => "进位",
        (RoundingMode.Down, true) => "舍去",
        (RoundingMode.HalfUp, false) => "rounded half up",
        (RoundingMode.HalfEven, false) => "rounded half to even",
        (RoundingMode.Up, false) => "rounded up",
        _ => "rounded down",
    };

    /// <summary>Rules over the group the member's outputs did not show already, each as its own block.</summary>
    private void Population(Explanation explanation)
    {
        foreach (var derivation in explanation.AllDerivations().Where(d => d.Rule is PopulationRule).ToList())
            if (!_shown.Contains(derivation)) Rule(derivation, 0);
        var reached = explanation.AllDerivations().Select(d => d.Rule).OfType<PopulationRule>().ToHashSet();
        foreach (var (rule, placement) in explanation.Placements.Where(p => !reached.Contains(p.Key)).OrderBy(p => p.Key.Slot))
        {
            var derivation = new Derivation(rule) { Value = explanation.Population[rule] };
            derivation.Details.Add(new PopulationDetail(placement));
            Rule(derivation, 0);
        }
    }

    /// <summary>
    /// Where the member stood in a rule over the group: the key the group was ordered by, its place among how many, the
    /// places of each grade of a forced distribution (2 : 7 : 1 of 10 → 2 / 7 / 1), a tie and how it was resolved, and
    /// for a selection the winner's figure.
    /// </summary>
    private void Placement(PopulationRule rule, PopulationPlacement placement, int depth)
    {
        var by = Source(rule.By.Span);
        var key = Shown(placement.Key, _plan.NodeInfo.TryGetValue(rule.By, out var info) ? info.Type : PolicyType.Number);
        var tie = placement.TiedLast > placement.TiedFirst
            ? T($"，与第 {placement.TiedFirst}–{placement.TiedLast} 名并列", $", tied with places {placement.TiedFirst}–{placement.TiedLast}")
            : "";
        switch (rule.Declaration)
        {
            case RankDecl:
                Line(depth, T($"组内按 {by} 排名：本人 {key}，{placement.GroupSize} 人中名次 {placement.TiedFirst}{tie}",
                    $"ranked in the group by {by}: {key}, rank {placement.TiedFirst} of {placement.GroupSize}{tie}"));
                break;
            case DistributeDecl d:
                var shares = string.Join(" : ", d.Shares.Select(s => $"{s.Value.Text} {Plain(s.Weight)}"));
                Line(depth, T($"组内按 {by} 排序，按 {shares} 强制分布", $"the group ordered by {by}, distributed {shares}"));
                if (placement.Quotas is { } quotas)
                {
                    var from = 1;
                    var bands = new List<string>();
                    for (var g = 0; g < quotas.Count; g++)
                    {
                        var places = quotas[g] == 0 ? "" : quotas[g] == 1 ? T($"（第 {from} 名）", $" (place {from})") : T($"（第 {from}–{from + quotas[g] - 1} 名）", $" (places {from}–{from + quotas[g] - 1})");
                        bands.Add($"{d.Shares[g].Value.Text} {quotas[g]}{places}");
                        from += quotas[g];
                    }
                    Line(depth, T($"{placement.GroupSize} 人的名额（按比例四舍五入，余数归最后一档）：", $"places for {placement.GroupSize} (each share rounded half up, the rest to the last grade): ")
                        + string.Join(T("，", ", "), bands));
                }
                Line(depth, T($"本人 {key}，排第 {placement.Place} 位{tie}", $"{key}: place {placement.Place}{tie}")
                    + (tie.Length == 0 ? "" : d.Ties == TieRule.Higher
                        ? T("；并列者同取其中最好名次的等级", "; the tied members all take the grade of the best of their places")
                        : T("；并列者同取其中最差名次的等级", "; the tied members all take the grade of the worst of their places")));
                break;
            default:
                var best = placement.Best is { } b ? Shown(b, info?.Type ?? PolicyType.Number) : T("（无人符合条件）", "(no one eligible)");
                Line(depth, placement.Eligible
                    ? T($"组内按 {by} 评选：本人 {key}，组内最佳 {best}", $"selected in the group by {by}: {key}, the group's best {best}")
                    : T($"不在评选范围内（条件不成立）；组内最佳 {best}", $"not eligible (the condition does not hold); the group's best {best}"));
                break;
        }
    }

    private static bool Vetoed(Derivation derivation) => derivation.Details.OfType<OutputDetail>().Any(d => d.Veto is not null);

    private void Table(TableHit hit, int depth)
    {
        var columns = hit.Table.Declaration.Columns;
        var arguments = string.Join(", ", hit.Arguments.Select((v, i) => Format(v, _model.TypeOf(_model.SymbolOfDeclaration[columns[i]]))));
        var row = hit.Table.Declaration.Rows[hit.Row - 1];
        var result = Format(hit.Result, _model.TypeOf(_model.SymbolOfDeclaration[hit.Table.Declaration]));
        var serves = hit.Serves is { } part ? T($"（{part}）", $" (for {part})") : "";
        Line(depth, _zh
            ? $"{hit.Table.Name}({arguments}) 第 {hit.Row} 行「{Source(row.Span)}」→ {result}{serves}"
            : $"{hit.Table.Name}({arguments}) row {hit.Row} “{Source(row.Span)}” → {result}{serves}");
    }

    private void Detail(RuleDetail detail, IReadOnlyList<Calculation> calculations, int depth)
    {
        switch (detail)
        {
            case ScorecardDetail scorecard:
                for (var i = 0; i < scorecard.Entries.Count; i++)
                    ScorecardEntry(scorecard.Entries[i], i < calculations.Count ? calculations[i] : null, depth);
                var floor = scorecard.Floor is { } f && scorecard.Sum < f ? T($"（不低于 {Plain(f)}）", $" (not below {Plain(f)})") : "";
                Line(depth, T($"合计 {Plain(scorecard.Score)} 分，满分 {Plain(scorecard.Max)} 分", $"total {Plain(scorecard.Score)} of {Plain(scorecard.Max)} points") + floor);
                break;
            case GateDetail gate:
                foreach (var condition in gate.Conditions) Condition(condition, depth);
                Line(depth, gate.Passed ? T("→ 通过", "→ passed")
                    : T("→ 未通过", "→ not passed") + (gate.Otherwise is { } reason ? T($"：{reason}", $": {reason}") : ""));
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
            case PopulationDetail population:
                Placement((PopulationRule)_current!.Rule, population.Placement, depth);
                break;
            case OutputDetail output:
                if (output.Veto is { } veto)
                    Line(depth, T($"一票否决「{veto.Name}」", $"veto “{veto.Name}”") + (veto.Message is { } m ? $": {m}" : ""));
                break;
        }
    }

    /// <summary>
    /// One scorecard entry: its value with the arithmetic substituted when it is computed (<c>出勤：20 分 − 5 分 × 1（迟到）=
    /// 15 / 20 分</c>), floors and caps applied visibly, a weight's product; a deduction or addition of zero said plainly.
    /// </summary>
    private void ScorecardEntry(ScoredEntry entry, Calculation? calculation, int depth)
    {
        var e = entry.Plan.Entry;
        var how = calculation is { IsLeaf: false } ? Substituted(calculation, 0) + " = " : "";
        var text = e.Kind switch
        {
            EntryKind.Deduct when entry.Final == 0 => T($"扣分 {e.Name.Text}：无（{how}0 分）", $"deduction {e.Name.Text}: none ({how}0 pts)"),
            EntryKind.Add when entry.Final == 0 => T($"加分 {e.Name.Text}：无（{how}0 分）", $"addition {e.Name.Text}: none ({how}0 pts)"),
            EntryKind.Deduct => T($"扣分 {e.Name.Text}：{how}{Plain(entry.Raw)} 分", $"deduction {e.Name.Text}: {how}{Plain(entry.Raw)} pts"),
            EntryKind.Add => T($"加分 {e.Name.Text}：{how}{Plain(entry.Raw)} 分", $"addition {e.Name.Text}: {how}{Plain(entry.Raw)} pts"),
            _ => T($"{e.Name.Text}：{how}{Plain(entry.Raw)}", $"{e.Name.Text}: {how}{Plain(entry.Raw)}"),
        };
        if (entry.Raw != entry.Final)
            text += entry.Raw < entry.Final
                ? T($" → 下限 {Plain(entry.Final)}", $" → floor {Plain(entry.Final)}")
                : T($" → 封顶 {Plain(entry.Final)}", $" → capped at {Plain(entry.Final)}");
        if (entry.Final != 0 && e.Kind is EntryKind.Deduct) text += $" → −{Plain(entry.Final)}";
        if (entry.Final != 0 && e.Kind is EntryKind.Add) text += $" → +{Plain(entry.Final)}";
        if (e.Kind == EntryKind.Item && entry.Plan.Max is { } max) text += T($" / {Plain(max)} 分", $" of {Plain(max)}");
        if (entry.Plan.Weight is { } weight) text += T($" × 权重 {Plain(weight)} = {Plain(entry.Contribution)}", $" × weight {Plain(weight)} = {Plain(entry.Contribution)}");
        Line(depth, text);
    }

    private void Condition(CheckedCondition condition, int depth)
    {
        var c = condition.Plan.Condition;
        var label = Label(c);
        if (c.Label is not null && c.Description is { } description) label += T($"（{description}）", $" ({description})");
        var text = $"{label}: " + (condition.Holds ? T("满足", "holds") : T("不满足", "does not hold"));
        if (condition is { Left: { } left, Right: { } right } && c.Test is BinaryExpr compare)
        {
            var type = _model.TypeOf(compare.Left);
            var (leftCalculation, rightCalculation) = _sides.TryGetValue(condition.Plan, out var sides) ? sides : (null, null);
            string Side(Value value, Calculation? calculation) =>
                calculation is null ? Shown(value, type) : $"{Substituted(calculation, 0)} = {Shown(value, calculation.Type)}";
            var sideText = $"{Side(left, leftCalculation)} {Operator(compare.Op)} {Side(right, rightCalculation)}";
            text += T($"（{sideText}）", $" ({sideText})");
            if (!condition.Holds && left.Kind == ValueKind.Number && right.Kind == ValueKind.Number && Gap(compare.Op, left.AsNumber, right.AsNumber) is { } gap)
                text += T($"，差 {Shown(Value.Of(gap), type)}", $", short by {Shown(Value.Of(gap), type)}");
        }
        Line(depth, text);
    }

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
        {
            var next = levels.Levels[Math.Min(levels.Reached, levels.Result + step)].Level;
            Line(depth, T($"每次最多晋升 {step} 级：可达 {levels.Levels[levels.Reached].Level}，本次评为 {levels.Levels[levels.Result].Level}；下次评定最早可评 {next}",
                $"promotion is limited to {step} level(s) at a time: {levels.Levels[levels.Reached].Level} is within reach, this review gives {levels.Levels[levels.Result].Level}; the next review can give {next} at the earliest"));
        }
    }

    private string Action(EscalationAction action) => action switch
    {
        EscalationAction.Step => T("上调", "step up"),
        EscalationAction.Capped => T("已到上限", "at the cap"),
        EscalationAction.Reset => T("恢复起始值", "reset"),
        EscalationAction.Hold => T("保持", "hold"),
        _ => T("起始", "start"),
    };


    private static string Plain(decimal number) => ValueFormat.Plain(ValueFormat.Trim(number));
}
