using Appraisal.Engine.Values;
using Appraisal.Policy.Syntax;
using Appraisal.Policy.Text;

namespace Appraisal.Engine.Evaluation;

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
