using Appraisal.Engine.Values;
using Appraisal.Policy.Semantics;
using Appraisal.Policy.Syntax;

namespace Appraisal.Engine.Evaluation;

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

    public override T Accept<T>(IRulePlanVisitor<T> visitor) => visitor.Visit(this);

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
