using Appraisal.Engine.Values;
using Appraisal.Policy.Text;

namespace Appraisal.Engine.Evaluation;

// The evaluation tree: small node types, names already resolved to slots, constants folded.
// Nothing here looks a name up in a dictionary while evaluating. Tracing is done by the rules
// (RulePlan) through the activation's tracer, not by these nodes.

public abstract class EvalNode(TextSpan span)
{
    public TextSpan Span { get; } = span;
    public abstract Value Eval(Activation a);

    /// <summary>Calls the visitor's method for this kind of node (<see cref="IEvalNodeVisitor{T}"/>).</summary>
    public abstract T Accept<T>(IEvalNodeVisitor<T> visitor);
}
