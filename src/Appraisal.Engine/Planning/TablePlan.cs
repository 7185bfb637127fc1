using Appraisal.Engine.Evaluation;
using Appraisal.Engine.Values;
using Appraisal.Policy.Syntax;
using Appraisal.Policy.Text;

namespace Appraisal.Engine.Planning;

/// <summary>One unary test of a table cell against its column's value.</summary>
public sealed class CellTest(TextSpan span, CompareOp? op, EvalNode value, EvalNode? high, bool highOpen)
{
    public TextSpan Span { get; } = span;
    /// <summary>The comparison of a <c>&lt;= 5%</c> test; null for an equality or a range.</summary>
    public CompareOp? Op { get; } = op;
    public EvalNode Value { get; } = value;
    /// <summary>The upper end of a <c>a..b</c> range (Value is its lower end).</summary>
    public EvalNode? High { get; } = high;
    public bool HighOpen { get; } = highOpen;

    public bool Matches(Activation a, Value argument)
    {
        if (High is not null)
        {
            var above = argument.CompareTo(Value.Eval(a)) >= 0;
            var order = argument.CompareTo(High.Eval(a));
            return above && (HighOpen ? order < 0 : order <= 0);
        }
        var bound = Value.Eval(a);
        return Op switch
        {
            null or CompareOp.Eq => argument.Equals(bound),
            CompareOp.Ne => !argument.Equals(bound),
            CompareOp.Lt => argument.CompareTo(bound) < 0,
            CompareOp.Le => argument.CompareTo(bound) <= 0,
            CompareOp.Gt => argument.CompareTo(bound) > 0,
            _ => argument.CompareTo(bound) >= 0,
        };
    }
}

/// <summary>A table row: one cell per column (null cell = any value) and its result.</summary>
public sealed class TableRowPlan(int number, TextSpan span, CellTest[]?[] cells, EvalNode result)
{
    /// <summary>1-based position of the row in the table as written.</summary>
    public int Number { get; } = number;
    public TextSpan Span { get; } = span;
    public CellTest[]?[] Cells { get; } = cells;
    public EvalNode Result { get; } = result;

    public bool Matches(Activation a, Value[] arguments)
    {
        for (var c = 0; c < Cells.Length; c++)
        {
            var tests = Cells[c];
            if (tests is null) continue;
            var any = false;
            foreach (var test in tests)
            {
                if (test.Matches(a, arguments[c]))
                {
                    any = true;
                    break;
                }
            }
            if (!any) return false;
        }
        return true;
    }
}

/// <summary>A decision table with its hit policy.</summary>
public sealed class TablePlan(TableDecl declaration, string citation)
{
    public TableDecl Declaration { get; } = declaration;
    public string Name => Declaration.Name.Text;
    public string Citation { get; } = citation;
    public HitPolicy HitPolicy => Declaration.HitPolicy;
    public TableRowPlan[] Rows { get; internal set; } = [];
    public EvalNode? Else { get; internal set; }
    public int ElseNumber { get; internal set; }
    /// <summary>Local slots the columns are bound to while a row's result is evaluated.</summary>
    public int[] ColumnLocals { get; internal set; } = [];

    public Value Apply(Activation a, Value[] arguments, TextSpan callSpan)
    {
        a.Spend(Rows.Length, callSpan);
        for (var i = 0; i < ColumnLocals.Length; i++) a.Locals[ColumnLocals[i]] = arguments[i];
        switch (HitPolicy)
        {
            case HitPolicy.First:
                foreach (var row in Rows)
                {
                    if (row.Matches(a, arguments)) return Hit(a, arguments, row.Number, row.Result);
                }
                return Otherwise(a, arguments, callSpan);
            case HitPolicy.Unique:
            {
                TableRowPlan? found = null;
                foreach (var row in Rows)
                {
                    if (!row.Matches(a, arguments)) continue;
                    if (found is not null) throw BothMatch(found.Number, row.Number, arguments, callSpan);
                    found = row;
                }
                return found is null ? Otherwise(a, arguments, callSpan) : Hit(a, arguments, found.Number, found.Result);
            }
            default:
            {
                var sum = 0m;
                var any = false;
                foreach (var row in Rows)
                {
                    if (!row.Matches(a, arguments)) continue;
                    any = true;
                    sum = EvalArithmetic.Apply(ArithmeticOp.Add, sum, Hit(a, arguments, row.Number, row.Result).AsNumber, row.Span);
                }
                if (!any && Else is not null) return Hit(a, arguments, ElseNumber, Else);
                return Value.Of(sum);
            }
        }
    }

    private Value Hit(Activation a, Value[] arguments, int row, EvalNode result)
    {
        var value = result.Eval(a);
        a.Tracer?.TableRow(this, arguments, row, value);
        return value;
    }

    private Value Otherwise(Activation a, Value[] arguments, TextSpan callSpan) => Else is not null
        ? Hit(a, arguments, ElseNumber, Else)
        : throw NoRowMatches(arguments, callSpan);

    /// <summary>The error when no row matches and the table has no else row.</summary>
    public EvaluationException NoRowMatches(Value[] arguments, TextSpan callSpan) => new(EvaluationErrorKind.Runtime, callSpan,
        $"no row of table '{Name}' matches {Describe(arguments)}", $"表 '{Name}' 没有与 {Describe(arguments)} 匹配的行");

    /// <summary>The error when two rows of a unique table match.</summary>
    public EvaluationException BothMatch(int first, int second, Value[] arguments, TextSpan callSpan) => new(EvaluationErrorKind.Runtime, callSpan,
        $"rows {first} and {second} of unique table '{Name}' both match {Describe(arguments)}",
        $"唯一命中表 '{Name}' 的第 {first} 行与第 {second} 行同时匹配 {Describe(arguments)}");

    private string Describe(Value[] arguments) =>
        string.Join(", ", arguments.Select((v, i) => $"{Declaration.Columns[i].Name.Text} = {v}"));
}
