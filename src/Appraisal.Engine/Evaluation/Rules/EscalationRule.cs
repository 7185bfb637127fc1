using Appraisal.Engine.Values;
using Appraisal.Policy.Semantics;
using Appraisal.Policy.Syntax;

namespace Appraisal.Engine.Evaluation;

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

    public override T Accept<T>(IRulePlanVisitor<T> visitor) => visitor.Visit(this);

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
