using Appraisal.Engine.Values;
using Appraisal.Policy.Text;

namespace Appraisal.Engine.Evaluation;

/// <summary>A table call: evaluates the arguments and asks the table's plan for the result.</summary>
public sealed class EvalTableCall(TextSpan span, TablePlan table, EvalNode[] arguments) : EvalNode(span)
{
    public override T Accept<T>(IEvalNodeVisitor<T> visitor) => visitor.Visit(this);
    public TablePlan Table { get; } = table;
    public EvalNode[] Arguments { get; } = arguments;

    public override Value Eval(Activation a)
    {
        var args = new Value[Arguments.Length];
        for (var i = 0; i < args.Length; i++) args[i] = Arguments[i].Eval(a);
        return Table.Apply(a, args, Span);
    }
}
