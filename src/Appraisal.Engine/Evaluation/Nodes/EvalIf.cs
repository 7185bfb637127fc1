using Appraisal.Engine.Values;
using Appraisal.Policy.Syntax;
using Appraisal.Policy.Text;

namespace Appraisal.Engine.Evaluation;

public sealed class EvalIf(TextSpan span, EvalNode condition, EvalNode then, EvalNode otherwise) : EvalNode(span)
{
    public override T Accept<T>(IEvalNodeVisitor<T> visitor) => visitor.Visit(this);
    public EvalNode Condition { get; } = condition;
    public EvalNode Then { get; } = then;
    public EvalNode Else { get; } = otherwise;
    public override Value Eval(Activation a) => Condition.Eval(a).AsBool ? Then.Eval(a) : Else.Eval(a);
}
