using Appraisal.Engine.Values;
using Appraisal.Policy.Syntax;
using Appraisal.Policy.Text;

namespace Appraisal.Engine.Evaluation;

/// <summary>A value with Catala-style exceptions: the first <c>unless</c> whose condition holds replaces it.</summary>
public sealed class EvalExceptions(TextSpan span, EvalNode body, (EvalNode Condition, EvalNode Value, TextSpan Span)[] exceptions) : EvalNode(span)
{
    public override T Accept<T>(IEvalNodeVisitor<T> visitor) => visitor.Visit(this);
    public EvalNode Body { get; } = body;
    public (EvalNode Condition, EvalNode Value, TextSpan Span)[] Exceptions { get; } = exceptions;

    public override Value Eval(Activation a)
    {
        for (var i = 0; i < Exceptions.Length; i++)
        {
            if (Exceptions[i].Condition.Eval(a).AsBool)
            {
                a.Tracer?.ExceptionApplied(i, Exceptions[i].Span);
                return Exceptions[i].Value.Eval(a);
            }
        }
        return Body.Eval(a);
    }
}
