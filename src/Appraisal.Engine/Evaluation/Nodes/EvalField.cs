using Appraisal.Engine.Values;
using Appraisal.Policy.Text;

namespace Appraisal.Engine.Evaluation;

/// <summary>A field of a record (an input record, a list element, or a scorecard's score, max and items).</summary>
public sealed class EvalField(TextSpan span, EvalNode target, int index) : EvalNode(span)
{
    public override T Accept<T>(IEvalNodeVisitor<T> visitor) => visitor.Visit(this);
    public EvalNode Target { get; } = target;
    public int Index { get; } = index;
    public override Value Eval(Activation a) => Target.Eval(a).AsRecord.Fields[Index];
}
