using Appraisal.Policy.Syntax;

namespace Appraisal.Policy.Formatting;

/// <summary>
/// Prints an expression on one line with canonical spacing and only the parentheses that precedence needs:
/// an operand is parenthesized when it binds more loosely than its position requires (the left operand of a
/// binary operator needs the operator's own level, the right operand one level tighter).
/// </summary>
internal static class ExpressionPrinter
{
    /// <summary>Text printed for an <see cref="ErrorExpr"/>; only files with syntax errors contain one.</summary>
    public const string ErrorText = "<error>";

    public static string Print(Expr expr, int required = Precedence.Loosest)
    {
        var text = PrintBare(expr);
        return Precedence.Level(expr) < required ? "(" + text + ")" : text;
    }

    private static string PrintBare(Expr expr) => expr switch
    {
        NumberLiteral n => LiteralPrinter.Number(n),
        PercentLiteral p => LiteralPrinter.Percent(p),
        DurationLiteral d => LiteralPrinter.Duration(d),
        DateLiteral d => LiteralPrinter.Date(d.Value),
        PeriodLiteral p => p.Text,
        StringLiteral s => LiteralPrinter.Quote(s.Value),
        BoolLiteral b => LiteralPrinter.Bool(b.Value),
        NameExpr n => n.Name.Text,
        MemberExpr m => Print(m.Target, Precedence.Member) + "." + m.Member.Text,
        CallExpr c => c.Callee.Text + "(" + List(c.Arguments) + ")",
        AggregateExpr a => Aggregate(a),
        UnaryExpr u => Unary(u),
        BinaryExpr b => Binary(b),
        InRangeExpr r => Print(r.Value, Precedence.InRange) + " in " + Range(r.Low, r.High, open: false),
        IfExpr i => "if " + Print(i.Condition) + " then " + Print(i.Then) + " else " + Print(i.Else, Precedence.If),
        RecordExpr r => Record(r),
        ListExpr l => "[" + List(l.Items) + "]",
        ErrorExpr => ErrorText,
        _ => throw new ArgumentException("Unknown expression " + expr.GetType().Name, nameof(expr)),
    };

    /// <summary>
    /// <c>low..high</c> or <c>low..&lt;high</c>. A bound is parenthesized unless it is a single operand (a literal,
    /// name, call, member or negation): <c>1..(n + 1)</c>. Where the grammar would accept looser bounds, they read
    /// ambiguously (<c>x in 1..n + 1</c>), and where it would not, the parentheses are needed.
    /// </summary>
    public static string Range(Expr low, Expr high, bool open) =>
        Print(low, Precedence.Negate) + (open ? "..<" : "..") + Print(high, Precedence.Negate);

    public static string Record(RecordExpr record) =>
        record.Fields.IsEmpty
            ? "{}"
            : "{ " + string.Join(", ", record.Fields.Select(f => f.Name.Text + ": " + Print(f.Value))) + " }";

    private static string List(IEnumerable<Expr> items) => string.Join(", ", items.Select(e => Print(e)));

    private static string Unary(UnaryExpr unary) => unary.Op == UnaryOp.Not
        ? "not " + Print(unary.Operand, Precedence.Not)
        : "-" + Print(unary.Operand, Precedence.Negate);

    private static string Binary(BinaryExpr binary)
    {
        var level = Precedence.Level(binary.Op);
        return Print(binary.Left, level) + " " + Symbol(binary.Op) + " " + Print(binary.Right, level + 1);
    }

    private static string Aggregate(AggregateExpr aggregate)
    {
        var text = Keyword(aggregate.Kind) + "(" + aggregate.Variable.Text + " in " + Print(aggregate.Source);
        if (aggregate.Where is { } where) text += " where " + Print(where);
        if (aggregate.Selector is { } selector) text += " : " + Print(selector);
        return text + ")";
    }

    private static string Keyword(AggregateKind kind) => kind switch
    {
        AggregateKind.Sum => "sum",
        AggregateKind.Count => "count",
        AggregateKind.Min => "min",
        AggregateKind.Max => "max",
        AggregateKind.Any => "any",
        AggregateKind.Each => "each",
        _ => "all",
    };

    public static string Symbol(BinaryOp op) => op switch
    {
        BinaryOp.Multiply => "*",
        BinaryOp.Divide => "/",
        BinaryOp.Each => "each",
        BinaryOp.Of => "of",
        BinaryOp.Add => "+",
        BinaryOp.Subtract => "-",
        BinaryOp.Lt => "<",
        BinaryOp.Le => "<=",
        BinaryOp.Gt => ">",
        BinaryOp.Ge => ">=",
        BinaryOp.Eq => "==",
        BinaryOp.Ne => "!=",
        BinaryOp.And => "and",
        _ => "or",
    };

    public static string Symbol(CompareOp op) => op switch
    {
        CompareOp.Lt => "<",
        CompareOp.Le => "<=",
        CompareOp.Gt => ">",
        CompareOp.Ge => ">=",
        CompareOp.Eq => "==",
        _ => "!=",
    };
}
