using Appraisal.Engine.Values;
using Appraisal.Policy.Text;

namespace Appraisal.Engine.Evaluation;

public sealed class EvalNot(TextSpan span, EvalNode operand) : EvalNode(span)
{
    public override T Accept<T>(IEvalNodeVisitor<T> visitor) => visitor.Visit(this);
    public EvalNode Operand { get; } = operand;
    public override Value Eval(Activation a) => Value.Of(!Operand.Eval(a).AsBool);
}
