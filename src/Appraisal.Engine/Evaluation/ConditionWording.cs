using Appraisal.Policy.Syntax;
using Appraisal.Policy.Text;

namespace Appraisal.Engine.Evaluation;

/// <summary>How a condition is named and how far it is from holding, the same in the text explanation and on a statement.</summary>
internal static class ConditionWording
{
    /// <summary>A condition's label, else its description, else its source.</summary>
    public static string Label(Condition c) => c.Label?.Text ?? c.Description ?? c.Test.Span.Source.Text[c.Test.Span.Start..c.Test.Span.End].ReplaceLineEndings(" ").Trim();

    public static string Operator(BinaryOp op) => op switch
    {
        BinaryOp.Lt => "<", BinaryOp.Le => "≤", BinaryOp.Gt => ">", BinaryOp.Ge => "≥", BinaryOp.Eq => "=", _ => "≠",
    };

    /// <summary>How far a comparison that does not hold is from holding; null for = and ≠, or where no decimal holds it.</summary>
    public static decimal? Gap(BinaryOp op, decimal left, decimal right) => op switch
    {
        BinaryOp.Ge or BinaryOp.Gt => Difference(right, left),
        BinaryOp.Le or BinaryOp.Lt => Difference(left, right),
        _ => null,
    };

    /// <summary><paramref name="a"/> − <paramref name="b"/>, or null where no decimal holds it (then no gap is shown).</summary>
    private static decimal? Difference(decimal a, decimal b) =>
        (a >= 0 && b <= 0 && a > decimal.MaxValue + b) || (a <= 0 && b >= 0 && a < decimal.MinValue + b) ? null : a - b;
}
