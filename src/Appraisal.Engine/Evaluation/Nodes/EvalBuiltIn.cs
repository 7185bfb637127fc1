using Appraisal.Engine.Values;
using Appraisal.Policy.Semantics;
using Appraisal.Policy.Text;

namespace Appraisal.Engine.Evaluation;

public sealed class EvalBuiltIn(TextSpan span, BuiltIn function, EvalNode[] arguments, RoundingMode mode) : EvalNode(span)
{
    public override T Accept<T>(IEvalNodeVisitor<T> visitor) => visitor.Visit(this);
    public BuiltIn Function { get; } = function;
    public EvalNode[] Arguments { get; } = arguments;
    public RoundingMode Mode { get; } = mode;

    public override Value Eval(Activation a)
    {
        switch (Function)
        {
            case BuiltIn.Round:
            {
                var precision = Arguments[1].Eval(a).AsNumber;
                if (precision <= 0) throw BadPrecision(Arguments[1].Span);
                return Value.Of(EvalArithmetic.Round(Arguments[0].Eval(a).AsNumber, precision, Mode, Span));
            }
            case BuiltIn.Min or BuiltIn.Max:
            {
                var best = Arguments[0].Eval(a);
                for (var i = 1; i < Arguments.Length; i++)
                {
                    var next = Arguments[i].Eval(a);
                    if (Function == BuiltIn.Min ? next.CompareTo(best) < 0 : next.CompareTo(best) > 0) best = next;
                }
                return best;
            }
            case BuiltIn.Abs: return Value.Of(Arithmetic.Abs(Arguments[0].Eval(a).AsNumber));
            case BuiltIn.Given: return Value.Of(!Arguments[0].Eval(a).IsMissing);
            case BuiltIn.Floor: return Value.Of(Arithmetic.Floor(Arguments[0].Eval(a).AsNumber));
            default: return Value.Of(Arithmetic.Ceiling(Arguments[0].Eval(a).AsNumber));
        }
    }

    public static EvaluationException BadPrecision(TextSpan span) =>
        new(EvaluationErrorKind.Runtime, span, "a rounding precision must be positive", "舍入精度必须为正数");
}
