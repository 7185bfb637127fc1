using Appraisal.Policy.Syntax;

namespace Appraisal.Policy.Semantics;

/// <summary>
/// The range an expression can take before any fact arrives, from input ranges (counts are ≥ 0), table
/// results and constants. Used to warn about scorecard items that can exceed their maximum or go negative.
/// Sound but coarse: where it cannot tell, it says unbounded.
/// </summary>
public sealed class IntervalAnalysis(SemanticModel model)
{
    private readonly ConstantEvaluator _constants = new(model);
    private readonly HashSet<Symbol> _visiting = new();

    public Interval Of(Expr expr)
    {
        if (_constants.Number(expr) is { } constant) return Interval.Point(constant);
        try
        {
            return Compute(expr);
        }
        catch (OverflowException)
        {
            return Interval.Unbounded;
        }
    }

    private Interval Compute(Expr expr)
    {
        switch (expr)
        {
            case NameExpr when model.Referenced(expr) is { } symbol:
                return Symbol(symbol);
            case MemberExpr when model.Referenced(expr) is { } symbol:
                return Symbol(symbol);
            case CallExpr call when model.Referenced(call) is { Kind: SymbolKind.Table } table:
            {
                Interval? result = null;
                foreach (var row in ((TableDecl)table.Declaration).Rows)
                {
                    var value = Of(row.Result);
                    result = result is null ? value : Interval.Union(result.Value, value);
                }
                return ((TableDecl)table.Declaration).HitPolicy == HitPolicy.CollectSum ? Interval.Unbounded : result ?? Interval.Unbounded;
            }
            case UnaryExpr { Op: UnaryOp.Negate } negate:
            {
                var inner = Of(negate.Operand);
                return new Interval(-inner.High, -inner.Low);
            }
            case BinaryExpr { Op: BinaryOp.Add } add: return Add(Of(add.Left), Of(add.Right));
            case BinaryExpr { Op: BinaryOp.Subtract } subtract:
            {
                var right = Of(subtract.Right);
                return Add(Of(subtract.Left), new Interval(-right.High, -right.Low));
            }
            case BinaryExpr { Op: BinaryOp.Multiply or BinaryOp.Each or BinaryOp.Of } product:
                return Multiply(Of(product.Left), Of(product.Right));
            case IfExpr conditional:
                return Interval.Union(Of(conditional.Then), Of(conditional.Else));
            case CallExpr { Callee.Text: "min" } min when min.Arguments.Length > 0:
            {
                var parts = min.Arguments.Select(Of).ToList();
                return new Interval(parts.Any(p => p.Low is null) ? null : parts.Min(p => p.Low),
                    parts.Where(p => p.High is not null).Select(p => p.High).DefaultIfEmpty(null).Min());
            }
            case CallExpr { Callee.Text: "max" } max when max.Arguments.Length > 0:
            {
                var parts = max.Arguments.Select(Of).ToList();
                return new Interval(parts.Where(p => p.Low is not null).Select(p => p.Low).DefaultIfEmpty(null).Max(),
                    parts.Any(p => p.High is null) ? null : parts.Max(p => p.High));
            }
            case AggregateExpr { Kind: AggregateKind.Count }:
                return new Interval(0, null);
            default:
                return Interval.Unbounded;
        }
    }

    private Interval Symbol(Symbol symbol)
    {
        switch (symbol.Declaration)
        {
            case FieldDecl field when symbol.Kind == SymbolKind.Input:
                if (field.Range is not null) return new Interval(_constants.Number(field.Range.Low), _constants.Number(field.Range.High));
                return model.TypeOf(symbol) is NumericType { Kind: NumberKind.Count, IsDimensionless: true } ? new Interval(0, null) : Interval.Unbounded;
            case LetDecl let when let.Exceptions.IsEmpty && _visiting.Add(symbol):
                try
                {
                    return Of(let.Value);
                }
                finally
                {
                    _visiting.Remove(symbol);
                }
            default:
                return Interval.Unbounded;
        }
    }

    private static Interval Add(Interval a, Interval b) => new(a.Low + b.Low, a.High + b.High);

    private static Interval Multiply(Interval a, Interval b)
    {
        if (a.Low is null || a.High is null || b.Low is null || b.High is null)
        {
            // Both non-negative with one unbounded end: the product is at least the product of the lows.
            if (a.Low >= 0 && b.Low >= 0) return new Interval(a.Low * b.Low, a.High is null || b.High is null ? null : a.High * b.High);
            if (a.Low is not null && a.High is not null && a.Low >= 0 && b.Low >= 0) return new Interval(0, null);
            if (a.High <= 0 && a.Low is not null && b.Low >= 0) return new Interval(null, a.High * b.Low); // negative × count
            return Interval.Unbounded;
        }
        var products = new[] { a.Low.Value * b.Low.Value, a.Low.Value * b.High.Value, a.High.Value * b.Low.Value, a.High.Value * b.High.Value };
        return new Interval(products.Min(), products.Max());
    }
}
