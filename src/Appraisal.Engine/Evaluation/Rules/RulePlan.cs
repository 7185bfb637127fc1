using Appraisal.Engine.Values;
using Appraisal.Policy.Semantics;
using Appraisal.Policy.Syntax;
using Appraisal.Policy.Text;

namespace Appraisal.Engine.Evaluation;

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

    /// <summary>Calls the visitor's method for this kind of rule (<see cref="IRulePlanVisitor{T}"/>).</summary>
    public abstract T Accept<T>(IRulePlanVisitor<T> visitor);
}
