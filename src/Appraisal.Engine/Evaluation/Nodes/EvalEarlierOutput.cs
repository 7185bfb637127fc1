using Appraisal.Engine.Values;
using Appraisal.Policy.Syntax;
using Appraisal.Policy.Text;

namespace Appraisal.Engine.Evaluation;

/// <summary>An output of the earlier period being folded over by an escalation.</summary>
public sealed class EvalEarlierOutput(TextSpan span, int output, string name) : EvalNode(span)
{
    public override T Accept<T>(IEvalNodeVisitor<T> visitor) => visitor.Visit(this);
    public int Output { get; } = output;
    public string Name { get; } = name;
    public override Value Eval(Activation a) => a.EarlierOutput(Output, this);

    /// <summary>Reads this output from the earlier period's outputs being looked at (null outside an escalation).</summary>
    public Value From(Value[]? earlier)
    {
        if (earlier is null)
            throw new InvalidOperationException("internal error: an earlier period's output was read outside an escalation");
        var value = earlier[Output];
        if (value.IsMissing)
            throw new EvaluationException(EvaluationErrorKind.MissingContext, Span,
                $"the earlier period's outcome does not include '{Name}'", $"往期结果中缺少 '{Name}'");
        return value;
    }
}
