using Appraisal.Policy.Syntax;

namespace Appraisal.Policy.Formatting;

/// <summary>
/// Binding strength of expressions, from the grammar's <c>expr</c> rule (tightest first): member <c>.</c>,
/// unary <c>-</c>, <c>* /</c>, <c>each</c>, <c>of</c>, <c>+ -</c>, <c>in a..b</c>, comparisons, <c>not</c>,
/// <c>and</c>, <c>or</c>, <c>if/then/else</c>. Binary operators are left-associative.
/// </summary>
internal static class Precedence
{
    public const int Loosest = 0;
    public const int If = 1;
    public const int Or = 2;
    public const int And = 3;
    public const int Not = 4;
    public const int Compare = 5;
    public const int InRange = 6;
    public const int Additive = 7;
    public const int OfOperator = 8;
    public const int Each = 9;
    public const int Multiplicative = 10;
    public const int Negate = 11;
    public const int Member = 12;
    public const int Primary = 13;

    public static int Level(Expr expr) => expr switch
    {
        IfExpr => If,
        BinaryExpr b => Level(b.Op),
        InRangeExpr => InRange,
        UnaryExpr { Op: UnaryOp.Not } => Not,
        UnaryExpr => Negate,
        MemberExpr => Member,
        _ => Primary,
    };

    public static int Level(BinaryOp op) => op switch
    {
        BinaryOp.Or => Or,
        BinaryOp.And => And,
        BinaryOp.Lt or BinaryOp.Le or BinaryOp.Gt or BinaryOp.Ge or BinaryOp.Eq or BinaryOp.Ne => Compare,
        BinaryOp.Add or BinaryOp.Subtract => Additive,
        BinaryOp.Of => OfOperator,
        BinaryOp.Each => Each,
        _ => Multiplicative,
    };
}
