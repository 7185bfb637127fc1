using Appraisal.Engine.Values;
using Appraisal.Policy.Text;

namespace Appraisal.Engine.Evaluation;

public sealed class EvalInRange(TextSpan span, EvalNode value, EvalNode low, EvalNode high) : EvalNode(span)
{
    public override T Accept<T>(IEvalNodeVisitor<T> visitor) => visitor.Visit(this);
    public EvalNode Operand { get; } = value;
    public EvalNode Low { get; } = low;
    public EvalNode High { get; } = high;

    public override Value Eval(Activation a)
    {
        var v = Operand.Eval(a);
        return Value.Of(v.CompareTo(Low.Eval(a)) >= 0 && v.CompareTo(High.Eval(a)) <= 0);
    }
}
