using Appraisal.Engine.Evaluation;
using Appraisal.Engine.Values;
using Appraisal.Policy.Semantics;
using Appraisal.Policy.Syntax;
using Appraisal.Policy.Text;

namespace Appraisal.Engine.Planning;

/// <summary>A rule of the policy with a value of its own, computed at most once per evaluation.</summary>
public abstract class RulePlan(int slot, NamedDeclaration declaration, PolicyType type, string citation)
{
    public int Slot { get; } = slot;
    public NamedDeclaration Declaration { get; } = declaration;
    public string Name => Declaration.Name.Text;
    public PolicyType Type { get; } = type;
    /// <summary>The <c>source</c> citation in force where the rule is written.</summary>
    public string Citation { get; } = citation;
    public TextSpan Span => Declaration.Span;

    public abstract Value Compute(Activation a);
}

/// <summary><c>let</c>: a named expression, with its exceptions already folded into the body.</summary>
public sealed class DefinitionRule(int slot, NamedDeclaration declaration, PolicyType type, string citation, EvalNode body)
    : RulePlan(slot, declaration, type, citation)
{
    public EvalNode Body { get; } = body;
    public override Value Compute(Activation a) => Body.Eval(a);
}

public sealed record ScorecardEntryPlan(ScorecardEntry Entry, EvalNode Value, decimal? Weight, decimal? Max, decimal? Floor, decimal? Cap);

public sealed record ScoredEntry(ScorecardEntryPlan Plan, decimal Raw, decimal Final, decimal Contribution);

public sealed record ScorecardDetail(IReadOnlyList<ScoredEntry> Entries, decimal Sum, decimal Score, decimal Max, decimal? Floor) : RuleDetail;

/// <summary>
/// A scorecard: each item is its formula held between its floor and cap, times its weight; deductions are
/// subtracted and additions added; then the scorecard's floor. Its value is a record of score, max and items.
/// </summary>
public sealed class ScorecardRule(int slot, ScorecardDecl declaration, RecordType type, string citation,
    ScorecardEntryPlan[] entries, decimal total, decimal? floor) : RulePlan(slot, declaration, type, citation)
{
    public ScorecardEntryPlan[] Entries { get; } = entries;
    public decimal Total { get; } = total;
    public decimal? Floor { get; } = floor;

    public override Value Compute(Activation a)
    {
        var fields = new Value[Entries.Length + 2];
        var scored = a.Tracer is null ? null : new List<ScoredEntry>(Entries.Length);
        var sum = 0m;
        for (var i = 0; i < Entries.Length; i++)
        {
            var entry = Entries[i];
            a.Tracer?.Serving(entry.Entry.Name.Text);
            var raw = entry.Value.Eval(a).AsNumber;
            var final = raw;
            if (entry.Floor is { } low && final < low) final = low;
            if (entry.Cap is { } high && final > high) final = high;
            var span = entry.Entry.Span;
            var contribution = entry.Entry.Kind switch
            {
                EntryKind.Item => EvalArithmetic.Apply(ArithmeticOp.Multiply, final, entry.Weight ?? 1m, span),
                EntryKind.Deduct => Arithmetic.Negate(final),
                _ => final,
            };
            sum = EvalArithmetic.Apply(ArithmeticOp.Add, sum, contribution, span);
            fields[i + 2] = Value.Of(final);
            scored?.Add(new ScoredEntry(entry, raw, final, contribution));
        }
        a.Tracer?.Serving(null);
        var score = Floor is { } f && sum < f ? f : sum;
        fields[0] = Value.Of(score);
        fields[1] = Value.Of(Total);
        if (scored is not null) a.Tracer!.Detail(new ScorecardDetail(scored, sum, score, Total, Floor));
        return Value.Of(new RecordValue((RecordType)Type, fields));
    }
}

/// <summary>A named condition of a gate or a level, planned; Left/Right are kept for "how far from passing".</summary>
public sealed record ConditionPlan(Condition Condition, EvalNode Test, EvalNode? Left, EvalNode? Right, BinaryOp? Op);

public sealed record CheckedCondition(ConditionPlan Plan, bool Holds, Value? Left, Value? Right);

/// <summary>What a gate decided: each condition, and when it did not pass, the reason its <c>otherwise</c> gives.</summary>
public sealed record GateDetail(GateKind Kind, IReadOnlyList<CheckedCondition> Conditions, bool Passed, string? Otherwise = null) : RuleDetail;

/// <summary>
/// A gate: <c>all</c> (or a single condition) passes when every condition holds, <c>any</c> when one does. Every
/// condition is evaluated, in order, whether or not an earlier one already decided the gate — so an explanation can
/// list every condition that was missed, and asking for one changes nothing: the tracer only records.
/// </summary>
public sealed class GateRule(int slot, GateDecl declaration, string citation, ConditionPlan[] conditions)
    : RulePlan(slot, declaration, PolicyType.Bool, citation)
{
    public GateKind Kind => ((GateDecl)Declaration).Kind;
    public ConditionPlan[] Conditions { get; } = conditions;

    public override Value Compute(Activation a)
    {
        var any = Kind == GateKind.Any;
        var passed = !any;
        if (a.Tracer is null)
        {
            foreach (var condition in Conditions)
            {
                var holds = condition.Test.Eval(a).AsBool;
                passed = any ? passed | holds : passed & holds;
            }
            return Value.Of(passed);
        }
        var checkedConditions = new List<CheckedCondition>(Conditions.Length);
        foreach (var condition in Conditions)
        {
            var result = Check(a, condition);
            checkedConditions.Add(result);
            passed = any ? passed | result.Holds : passed & result.Holds;
        }
        a.Tracer.Detail(new GateDetail(Kind, checkedConditions, passed, ((GateDecl)Declaration).Otherwise));
        return Value.Of(passed);
    }

    /// <summary>
    /// Evaluates a condition exactly as its test would (a comparison: left side, then right side, then the
    /// comparison), keeping both sides for the explanation's "how far from passing".
    /// </summary>
    internal static CheckedCondition Check(Activation a, ConditionPlan condition)
    {
        if (condition is { Left: { } left, Right: { } right, Op: { } op })
        {
            var l = left.Eval(a);
            var r = right.Eval(a);
            return new CheckedCondition(condition, EvalCompare.Holds(op, l, r), l, r);
        }
        return new CheckedCondition(condition, condition.Test.Eval(a).AsBool, null, null);
    }
}

public sealed record VetoDetail(bool Fired) : RuleDetail;

/// <summary>一票否决: when its condition holds, it overrides the outputs it names, whatever the scores.</summary>
public sealed class VetoRule(int slot, VetoDecl declaration, string citation, EvalNode when)
    : RulePlan(slot, declaration, PolicyType.Bool, citation)
{
    public EvalNode When { get; } = when;
    /// <summary>Override value of each output this veto sets, by output slot.</summary>
    public Dictionary<int, EvalNode> Overrides { get; } = new();
    public string? Message => ((VetoDecl)Declaration).Message;

    public override Value Compute(Activation a)
    {
        var fired = When.Eval(a).AsBool;
        a.Tracer?.Detail(new VetoDetail(fired));
        return Value.Of(fired);
    }
}

public sealed record LevelCheck(string Level, int Index, bool OwnRequirementsHold, IReadOnlyList<CheckedCondition> Requirements);

public sealed record LevelsDetail(IReadOnlyList<LevelCheck> Levels, int Reached, int? Current, int? Step, int Result) : RuleDetail;

/// <summary>
/// Levels: the highest level whose requirements, and those of every lower level, hold — but at most
/// <c>step</c> levels above the current level. If not even the lowest level holds, the lowest level.
/// </summary>
public sealed class LevelsRule(int slot, LevelsDecl declaration, EnumType type, string citation,
    (int Index, ConditionPlan[] Requirements)[] levels, EvalNode? current, int? step) : RulePlan(slot, declaration, type, citation)
{
    public (int Index, ConditionPlan[] Requirements)[] Levels { get; } = levels;
    private readonly ConditionPlan[][] _byLevel = Enumerable.Range(0, type.Members.Length)
        .Select(i => levels.FirstOrDefault(l => l.Index == i).Requirements ?? []).ToArray();
    public EvalNode? Current { get; } = current;
    public int? Step { get; } = step;

    public override Value Compute(Activation a)
    {
        var enumType = (EnumType)Type;
        var reached = 0;
        var cumulative = true;
        var checks = a.Tracer is null ? null : new List<LevelCheck>(enumType.Members.Length);
        // Every requirement of every level is evaluated, with or without an explanation, so that an explanation can
        // say what each higher level still lacks; the tracer only records.
        for (var index = 0; index < enumType.Members.Length; index++)
        {
            var requirements = _byLevel[index];
            var results = checks is null ? null : new List<CheckedCondition>(requirements.Length);
            var own = true;
            foreach (var requirement in requirements)
            {
                var result = GateRule.Check(a, requirement);
                results?.Add(result);
                own &= result.Holds;
            }
            checks?.Add(new LevelCheck(enumType.Members[index], index, own, results!));
            cumulative &= own;
            if (cumulative) reached = index;
        }
        int? currentIndex = Current is null ? null : Current.Eval(a).EnumIndex;
        var outcome = reached;
        if (currentIndex is { } c && Step is { } s && outcome > c + s) outcome = c + s;
        a.Tracer?.Detail(new LevelsDetail(checks!, reached, currentIndex, Step, outcome));
        return Value.Of(enumType, outcome);
    }
}

public enum EscalationAction { Start, Step, Capped, Reset, Hold }

public sealed record EscalationStep(PeriodValue Period, EscalationAction Action, decimal Value);

public sealed record EscalationDetail(IReadOnlyList<EscalationStep> Steps, decimal Result) : RuleDetail;

/// <summary>
/// A share that moves over earlier periods, oldest first: it starts at <c>start</c>; after a period where the
/// reset condition held it returns to start; after one where the step condition held it rises by <c>step</c>
/// up to the cap; otherwise it holds. Only the unbroken run of periods just before this one counts: a gap in
/// the history starts the run again.
/// </summary>
public sealed class EscalationRule(int slot, EscalationDecl declaration, PolicyType type, string citation,
    EvalNode start, EvalNode step, EvalNode stepWhen, EvalNode? cap, EvalNode? resetWhen) : RulePlan(slot, declaration, type, citation)
{
    public EvalNode Start { get; } = start;
    public EvalNode StepBy { get; } = step;
    public EvalNode StepWhen { get; } = stepWhen;
    public EvalNode? Cap { get; } = cap;
    public EvalNode? ResetWhen { get; } = resetWhen;

    public EvaluationException NeedsPeriod() => new(EvaluationErrorKind.MissingContext, Declaration.Name.Span,
        $"'{Name}' depends on earlier periods: the appraised period must be given", $"'{Name}' 取决于往期结果：必须给出考核周期");

    public override Value Compute(Activation a)
    {
        if (a.Period is not { } current) throw NeedsPeriod();
        var startValue = Start.Eval(a).AsNumber;
        var stepValue = StepBy.Eval(a).AsNumber;
        var capValue = Cap?.Eval(a).AsNumber;
        var run = Run(a.History, current);
        var value = startValue;
        var steps = a.Tracer is null ? null : new List<EscalationStep>();
        foreach (var earlier in run)
        {
            a.LookAt(earlier.Outputs);
            try
            {
                EscalationAction action;
                if (ResetWhen is not null && ResetWhen.Eval(a).AsBool)
                {
                    value = startValue;
                    action = EscalationAction.Reset;
                }
                else if (StepWhen.Eval(a).AsBool)
                {
                    value = EvalArithmetic.Apply(ArithmeticOp.Add, value, stepValue, Span);
                    action = EscalationAction.Step;
                    if (capValue is { } c && value > c)
                    {
                        value = c;
                        action = EscalationAction.Capped;
                    }
                }
                else
                {
                    action = EscalationAction.Hold;
                }
                steps?.Add(new EscalationStep(earlier.Period, action, value));
            }
            finally
            {
                a.LookAt(null);
            }
        }
        a.Tracer?.Detail(new EscalationDetail(steps!, value));
        return Value.Of(value);
    }

    /// <summary>The earlier periods that count: the unbroken run ending just before <paramref name="current"/>, oldest first.</summary>
    public static List<EarlierPeriod> Run(IReadOnlyList<EarlierPeriod> history, PeriodValue current)
    {
        var byOrdinal = new Dictionary<int, EarlierPeriod>();
        foreach (var entry in history)
        {
            if (entry.Period.Kind == current.Kind && entry.Period.Ordinal < current.Ordinal) byOrdinal[entry.Period.Ordinal] = entry;
        }
        var run = new List<EarlierPeriod>();
        for (var ordinal = current.Ordinal - 1; byOrdinal.TryGetValue(ordinal, out var entry); ordinal--) run.Add(entry);
        run.Reverse();
        return run;
    }
}

/// <summary>Where the member stood in a rule over its group.</summary>
public sealed record PopulationDetail(PopulationPlacement Placement) : RuleDetail;

/// <summary>A rule over a group (rank, distribute, select): its value is set when the group is evaluated together.</summary>
public sealed class PopulationRule(int slot, NamedDeclaration declaration, PolicyType type, string citation, EvalNode by, EvalNode? where)
    : RulePlan(slot, declaration, type, citation)
{
    /// <summary>The key each member of the group is ordered by.</summary>
    public EvalNode By { get; } = by;
    /// <summary>For <c>select</c>: which members may be selected.</summary>
    public EvalNode? Where { get; } = where;

    public override Value Compute(Activation a) => throw NeedsGroup();

    public EvaluationException NeedsGroup() => new(EvaluationErrorKind.MissingContext, Declaration.Name.Span,
        $"'{Name}' compares the members of a group: evaluate the group together", $"'{Name}' 需要对一组人员一起计算");
}

public sealed record OutputDetail(Value Unrounded, VetoRule? Veto) : RuleDetail;

/// <summary>An output: its value (exceptions folded in), overridden by the first veto that fired, then rounded.</summary>
public sealed class OutputRule(int slot, OutputDecl declaration, PolicyType type, string citation, int index, EvalNode body,
    decimal? precision, RoundingMode mode) : RulePlan(slot, declaration, type, citation)
{
    /// <summary>Position among the policy's outputs.</summary>
    public int Index { get; } = index;
    public EvalNode Body { get; } = body;
    public decimal? Precision { get; } = precision;
    public RoundingMode Mode { get; } = mode;
    public List<VetoRule> Vetoes { get; } = new();

    public override Value Compute(Activation a)
    {
        VetoRule? fired = null;
        Value value = default;
        foreach (var veto in Vetoes)
        {
            if (a.Rule(veto.Slot).AsBool)
            {
                fired = veto;
                value = veto.Overrides[Slot].Eval(a);
                break;
            }
        }
        if (fired is null) value = Body.Eval(a);
        var unrounded = value;
        if (Precision is { } p && value.Kind == ValueKind.Number) value = Value.Of(EvalArithmetic.Round(value.AsNumber, p, Mode, Span));
        a.Tracer?.Detail(new OutputDetail(unrounded, fired));
        return value;
    }
}
