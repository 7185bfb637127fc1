using Appraisal.Engine.Values;
using Appraisal.Policy.Semantics;
using Appraisal.Policy.Syntax;

namespace Appraisal.Engine.Evaluation;

/// <summary>A rule over a group (rank, distribute, select): its value is set when the group is evaluated together.</summary>
public sealed class PopulationRule(int slot, NamedDeclaration declaration, PolicyType type, string citation, EvalNode by, EvalNode? where)
    : RulePlan(slot, declaration, type, citation)
{
    /// <summary>The key each member of the group is ordered by.</summary>
    public EvalNode By { get; } = by;
    /// <summary>For <c>select</c>: which members may be selected.</summary>
    public EvalNode? Where { get; } = where;

    public override T Accept<T>(IRulePlanVisitor<T> visitor) => visitor.Visit(this);

    public override Value Compute(Activation a) => throw NeedsGroup();

    public EvaluationException NeedsGroup() => new(EvaluationErrorKind.MissingContext, Declaration.Name.Span,
        $"'{Name}' compares the members of a group: evaluate the group together", $"'{Name}' 需要对一组人员一起计算");
}
