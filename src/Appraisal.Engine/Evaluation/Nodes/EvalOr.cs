using Appraisal.Engine.Values;
using Appraisal.Policy.Text;

namespace Appraisal.Engine.Evaluation;

public sealed class EvalOr(TextSpan span, EvalNode left, EvalNode right) : EvalNode(span)
{
    public override T Accept<T>(IEvalNodeVisitor<T> visitor) => visitor.Visit(this);
    public EvalNode Left { get; } = left;
    public EvalNode Right { get; } = right;
    public override Value Eval(Activation a) => Value.Of(Left.Eval(a).AsBool || Right.Eval(a).AsBool);
}
