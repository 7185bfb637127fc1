using Appraisal.Engine.Values;
using Appraisal.Policy.Text;

namespace Appraisal.Engine.Evaluation;

/// <summary>The value of another rule (definition, scorecard, gate, output…), computed once per evaluation.</summary>
public sealed class EvalRule(TextSpan span, int slot) : EvalNode(span)
{
    public override T Accept<T>(IEvalNodeVisitor<T> visitor) => visitor.Visit(this);
    public int Slot { get; } = slot;
    public override Value Eval(Activation a) => a.Rule(Slot);
}
