using Appraisal.Engine.Values;
using Appraisal.Policy.Syntax;
using Appraisal.Policy.Text;

namespace Appraisal.Engine.Evaluation;

/// <summary><c>sum/count/min/max/any/all(x in list where cond : selector)</c> over an input list.</summary>
public sealed class EvalAggregate(TextSpan span, AggregateKind kind, int local, EvalNode source, EvalNode? where, EvalNode? selector) : EvalNode(span)
{
    public override T Accept<T>(IEvalNodeVisitor<T> visitor) => visitor.Visit(this);
    public AggregateKind Kind { get; } = kind;
    public int Local { get; } = local;
    public EvalNode Source { get; } = source;
    public EvalNode? Where { get; } = where;
    public EvalNode? Selector { get; } = selector;

    public override Value Eval(Activation a)
    {
        var items = Source.Eval(a).AsList;
        a.Spend(items.Length, Span);
        var sum = 0m;
        var count = 0;
        Value best = Value.Missing;
        var each = Kind == AggregateKind.Each ? new List<Value>(items.Length) : null;
        foreach (var item in items)
        {
            a.Locals[Local] = item;
            if (Where is not null && !Where.Eval(a).AsBool) continue;
            switch (Kind)
            {
                case AggregateKind.Each:
                    each!.Add(Selector?.Eval(a) ?? item);
                    break;
                case AggregateKind.Count:
                    if (Selector is null || Selector.Eval(a).AsBool) count++;
                    break;
                case AggregateKind.Any:
                    if (Selector is null || Selector.Eval(a).AsBool) return Value.True;
                    break;
                case AggregateKind.All:
                    if (Selector is not null && !Selector.Eval(a).AsBool) return Value.False;
                    break;
                case AggregateKind.Sum:
                    sum = EvalArithmetic.Apply(ArithmeticOp.Add, sum, (Selector?.Eval(a) ?? item).AsNumber, Span);
                    break;
                default:
                {
                    var value = Selector?.Eval(a) ?? item;
                    if (best.IsMissing || (Kind == AggregateKind.Min ? value.CompareTo(best) < 0 : value.CompareTo(best) > 0)) best = value;
                    break;
                }
            }
        }
        return Kind switch
        {
            AggregateKind.Count => Value.Of((decimal)count),
            AggregateKind.Any => Value.False,
            AggregateKind.All => Value.True,
            AggregateKind.Sum => Value.Of(sum),
            AggregateKind.Each => Value.Of(each!.ToArray()),
            _ => best.IsMissing ? throw EmptyList() : best,
        };
    }

    /// <summary>The error of a min or max over no items.</summary>
    public EvaluationException EmptyList() => new(EvaluationErrorKind.Runtime, Span,
        $"{(Kind == AggregateKind.Min ? "min" : "max")} of an empty list", $"空列表没有{(Kind == AggregateKind.Min ? "最小值" : "最大值")}");
}
