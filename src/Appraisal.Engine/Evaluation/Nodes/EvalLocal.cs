using Appraisal.Engine.Values;
using Appraisal.Policy.Text;

namespace Appraisal.Engine.Evaluation;

/// <summary>A variable bound by an aggregation or a table column.</summary>
public sealed class EvalLocal(TextSpan span, int slot) : EvalNode(span)
{
    public override T Accept<T>(IEvalNodeVisitor<T> visitor) => visitor.Visit(this);
    public int Slot { get; } = slot;
    public override Value Eval(Activation a) => a.Locals[Slot];
}
