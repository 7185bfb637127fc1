using Appraisal.Engine.Values;
using Appraisal.Policy.Semantics;
using Appraisal.Policy.Syntax;

namespace Appraisal.Engine.Evaluation;

/// <summary><c>let</c>: a named expression, with its exceptions already folded into the body.</summary>
public sealed class DefinitionRule(int slot, NamedDeclaration declaration, PolicyType type, string citation, EvalNode body)
    : RulePlan(slot, declaration, type, citation)
{
    public EvalNode Body { get; } = body;
    public override T Accept<T>(IRulePlanVisitor<T> visitor) => visitor.Visit(this);

    public override Value Compute(Activation a) => Body.Eval(a);
}
