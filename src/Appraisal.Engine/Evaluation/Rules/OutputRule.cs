using Appraisal.Engine.Values;
using Appraisal.Policy.Semantics;
using Appraisal.Policy.Syntax;

namespace Appraisal.Engine.Evaluation;

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

    public override T Accept<T>(IRulePlanVisitor<T> visitor) => visitor.Visit(this);

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
