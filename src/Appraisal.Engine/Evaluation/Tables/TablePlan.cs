using Appraisal.Engine.Planning;
using Appraisal.Engine.Values;
using Appraisal.Policy.Syntax;
using Appraisal.Policy.Text;

namespace Appraisal.Engine.Evaluation;

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
