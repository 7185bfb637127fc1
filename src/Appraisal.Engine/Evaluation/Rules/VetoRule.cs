using Appraisal.Engine.Values;
using Appraisal.Policy.Semantics;
using Appraisal.Policy.Syntax;

namespace Appraisal.Engine.Evaluation;

/// <summary>一票否决: when its condition holds, it overrides the outputs it names, whatever the scores.</summary>
public sealed class VetoRule(int slot, VetoDecl declaration, string citation, EvalNode when)
    : RulePlan(slot, declaration, PolicyType.Bool, citation)
{
    public EvalNode When { get; } = when;
    /// <summary>Override value of each output this veto sets, by output slot.</summary>
    public Dictionary<int, EvalNode> Overrides { get; } = new();
    public string? Message => ((VetoDecl)Declaration).Message;

    public override T Accept<T>(IRulePlanVisitor<T> visitor) => visitor.Visit(this);

    public override Value Compute(Activation a)
    {
        var fired = When.Eval(a).AsBool;
        a.Tracer?.Detail(new VetoDetail(fired));
        return Value.Of(fired);
    }
}
