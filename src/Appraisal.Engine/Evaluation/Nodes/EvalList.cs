using Appraisal.Engine.Values;
using Appraisal.Policy.Text;

namespace Appraisal.Engine.Evaluation;

public sealed class EvalList(TextSpan span, EvalNode[] items) : EvalNode(span)
{
    public override T Accept<T>(IEvalNodeVisitor<T> visitor) => visitor.Visit(this);
    public EvalNode[] Items { get; } = items;

    public override Value Eval(Activation a)
    {
        var values = new Value[Items.Length];
        for (var i = 0; i < values.Length; i++) values[i] = Items[i].Eval(a);
        return Value.Of(values);
    }
}
