using Appraisal.Engine.Values;
using Appraisal.Policy.Syntax;
using Appraisal.Policy.Text;

namespace Appraisal.Engine.Evaluation;

public sealed class EvalCompare(TextSpan span, BinaryOp op, EvalNode left, EvalNode right) : EvalNode(span)
{
    public override T Accept<T>(IEvalNodeVisitor<T> visitor) => visitor.Visit(this);
    public BinaryOp Op { get; } = op;
    public EvalNode Left { get; } = left;
    public EvalNode Right { get; } = right;

    public override Value Eval(Activation a) => Value.Of(Holds(Op, Left.Eval(a), Right.Eval(a)));

    public static bool Holds(BinaryOp op, Value left, Value right) => op switch
    {
        BinaryOp.Eq => left.Equals(right),
        BinaryOp.Ne => !left.Equals(right),
        BinaryOp.Lt => left.CompareTo(right) < 0,
        BinaryOp.Le => left.CompareTo(right) <= 0,
        BinaryOp.Gt => left.CompareTo(right) > 0,
        _ => left.CompareTo(right) >= 0,
    };
}
