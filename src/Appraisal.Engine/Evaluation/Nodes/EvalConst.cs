using Appraisal.Engine.Values;
using Appraisal.Policy.Text;

namespace Appraisal.Engine.Evaluation;

public sealed class EvalConst(TextSpan span, Value value) : EvalNode(span)
{
    public override T Accept<T>(IEvalNodeVisitor<T> visitor) => visitor.Visit(this);
    public Value Value { get; } = value;
    public override Value Eval(Activation a) => Value;
}
