using Appraisal.Engine.Values;
using Appraisal.Policy.Syntax;
using Appraisal.Policy.Text;

namespace Appraisal.Engine.Evaluation;

public sealed class EvalInput(TextSpan span, int slot, string name) : EvalNode(span)
{
    public override T Accept<T>(IEvalNodeVisitor<T> visitor) => visitor.Visit(this);
    public int Slot { get; } = slot;
    public string Name { get; } = name;
    public override Value Eval(Activation a)
    {
        a.Tracer?.InputRead(Slot);
        return a.Facts[Slot];
    }
}
