using Appraisal.Engine.Values;
using Appraisal.Policy.Semantics;
using Appraisal.Policy.Text;

namespace Appraisal.Engine.Evaluation;

/// <summary>Exact decimal arithmetic; overflow and division by zero are located errors.</summary>
public sealed class EvalArithmetic(TextSpan span, ArithmeticOp op, EvalNode left, EvalNode right) : EvalNode(span)
{
    public override T Accept<T>(IEvalNodeVisitor<T> visitor) => visitor.Visit(this);
    public ArithmeticOp Op { get; } = op;
    public EvalNode Left { get; } = left;
    public EvalNode Right { get; } = right;

    public override Value Eval(Activation a) => Value.Of(Apply(Op, Left.Eval(a).AsNumber, Right.Eval(a).AsNumber, Span));

    /// <summary>
    /// The operation, by <see cref="Arithmetic"/> (as the compiled tier's helpers and the checker compute it), with its
    /// faults as located errors.
    /// </summary>
    public static decimal Apply(ArithmeticOp op, decimal x, decimal y, TextSpan span)
    {
        try
        {
            return op switch
            {
                ArithmeticOp.Add => Arithmetic.Add(x, y),
                ArithmeticOp.Subtract => Arithmetic.Subtract(x, y),
                ArithmeticOp.Multiply => Arithmetic.Multiply(x, y),
                _ => Arithmetic.Divide(x, y),
            };
        }
        catch (OverflowException)
        {
            throw Overflow(span);
        }
        catch (DivideByZeroException)
        {
            throw DivisionByZero(span);
        }
    }

    /// <summary>Rounding to a precision (value ÷ precision, rounded, × precision): beyond a decimal is a located error.</summary>
    public static decimal Round(decimal value, decimal precision, RoundingMode mode, TextSpan span)
    {
        try
        {
            return Rounding.Apply(value, precision, mode);
        }
        catch (OverflowException)
        {
            throw Overflow(span);
        }
    }

    public static EvaluationException DivisionByZero(TextSpan span) =>
        new(EvaluationErrorKind.Runtime, span, "division by zero", "除数为零");

    public static EvaluationException Overflow(TextSpan span) =>
        new(EvaluationErrorKind.Runtime, span, "the result is too large for an exact decimal", "结果超出精确小数的范围");
}
