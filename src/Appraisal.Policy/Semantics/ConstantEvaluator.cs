using Appraisal.Policy.Syntax;

namespace Appraisal.Policy.Semantics;

/// <summary>
/// Evaluates expressions made only of literals, parameters and enum values, for the checks that need
/// numbers before any fact arrives (table bands, scorecard maxima, parameter ranges and constraints).
/// Numbers are decimals: 5% is 0.05, durations are hours. Returns null for anything not constant.
/// <para>
/// It is for diagnostics only: the checker needs these numbers before any plan exists. The engine never uses it; it
/// folds constants by evaluating planned nodes with the tree evaluator. What could make the two disagree is shared:
/// literals mean what <see cref="Literals"/> says, and every operation is one of <see cref="Arithmetic"/>'s (an
/// overflow or a division by zero makes an expression "not a constant" here, a located error at run time).
/// </para>
/// </summary>
public sealed class ConstantEvaluator(SemanticModel model)
{
    private readonly HashSet<Symbol> _evaluating = new();

    public object? Evaluate(Expr? expr)
    {
        switch (expr)
        {
            case NumberLiteral or PercentLiteral or DurationLiteral or BoolLiteral or StringLiteral or DateLiteral: return Literals.Value(expr);
            case NameExpr or MemberExpr when model.Referenced(expr) is { } symbol: return Symbol(symbol);
            case UnaryExpr { Op: UnaryOp.Negate } u: return Evaluate(u.Operand) is decimal negated ? Arithmetic.Negate(negated) : null;
            case UnaryExpr { Op: UnaryOp.Not } u: return Evaluate(u.Operand) is bool truth ? !truth : null;
            case BinaryExpr binary: return Binary(binary);
            case IfExpr i: return Evaluate(i.Condition) is bool c ? Evaluate(c ? i.Then : i.Else) : null;
            case InRangeExpr r:
                return Evaluate(r.Value) is decimal x && Evaluate(r.Low) is decimal lo && Evaluate(r.High) is decimal hi ? x >= lo && x <= hi : null;
            case CallExpr { Callee.Text: "min" or "max" } call when model.Referenced(call) is null:
            {
                var values = call.Arguments.Select(Evaluate).ToList();
                if (values.Count == 0 || values.Any(v => v is not decimal)) return null;
                var best = (decimal)values[0]!;
                for (var i = 1; i < values.Count; i++)
                    best = call.Callee.Text == "min" ? Arithmetic.Min(best, (decimal)values[i]!) : Arithmetic.Max(best, (decimal)values[i]!);
                return best;
            }
            case CallExpr { Callee.Text: "abs" } call when model.Referenced(call) is null && call.Arguments.Length == 1:
                return Evaluate(call.Arguments[0]) is decimal a ? Arithmetic.Abs(a) : null;
            default: return null;
        }
    }

    public decimal? Number(Expr? expr) => Evaluate(expr) as decimal?;

    private object? Symbol(Symbol symbol)
    {
        switch (symbol.Kind)
        {
            case SymbolKind.EnumMember:
            {
                var declaration = (EnumDecl)symbol.Parent!.Declaration;
                return new EnumValue(symbol.Parent.Name, symbol.Name, declaration.Members.Select(m => m.Text).ToList().IndexOf(symbol.Name));
            }
            case SymbolKind.Parameter when _evaluating.Add(symbol):
                try
                {
                    var param = (ParamDecl)symbol.Declaration;
                    return Evaluate(param.Field.Default ?? param.DatedValues.FirstOrDefault()?.Value);
                }
                finally
                {
                    _evaluating.Remove(symbol);
                }
            default:
                return null;
        }
    }

    private object? Binary(BinaryExpr b)
    {
        var left = Evaluate(b.Left);
        var right = Evaluate(b.Right);
        if (b.Op is BinaryOp.And or BinaryOp.Or)
            return left is bool l && right is bool r ? (b.Op == BinaryOp.And ? l && r : l || r) : null;
        if (b.Op is BinaryOp.Eq or BinaryOp.Ne)
            return left is null || right is null ? null : Equals(left, right) == (b.Op == BinaryOp.Eq);
        if (left is not decimal x || right is not decimal y) return null;
        try
        {
            return b.Op switch
            {
                BinaryOp.Add => Arithmetic.Add(x, y),
                BinaryOp.Subtract => Arithmetic.Subtract(x, y),
                BinaryOp.Multiply or BinaryOp.Each or BinaryOp.Of => Arithmetic.Multiply(x, y),
                BinaryOp.Divide => Arithmetic.Divide(x, y),
                BinaryOp.Lt => x < y,
                BinaryOp.Le => x <= y,
                BinaryOp.Gt => x > y,
                BinaryOp.Ge => x >= y,
                _ => null,
            };
        }
        catch (Exception e) when (e is OverflowException or DivideByZeroException)
        {
            return null; // not a constant the checker can use: at run time it is a located error
        }
    }

    /// <summary>Formats a constant for a message, in the unit of <paramref name="type"/> (0.05 as 5% for percent).</summary>
    public static string Format(object? value, PolicyType type) => value switch
    {
        decimal d when type is NumericType { Kind: NumberKind.Percent, IsDimensionless: true } => (d * 100m).Normalize() + "%",
        decimal d when type == PolicyType.Money => d.Normalize() + " yuan",
        decimal d when type is NumericType { Dimension.Duration: 1 } => d.Normalize() + "h",
        decimal d => d.Normalize().ToString(System.Globalization.CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        null => "?",
        _ => value.ToString() ?? "?",
    };
}
