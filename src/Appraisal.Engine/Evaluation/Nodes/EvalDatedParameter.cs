using Appraisal.Engine.Values;
using Appraisal.Policy.Syntax;
using Appraisal.Policy.Text;

namespace Appraisal.Engine.Evaluation;

/// <summary>A parameter with dated values: the value in force at the start of the appraised period.</summary>
public sealed class EvalDatedParameter(TextSpan span, string name, (DateOnly From, Value Value)[] values, Value? fallback) : EvalNode(span)
{
    public override T Accept<T>(IEvalNodeVisitor<T> visitor) => visitor.Visit(this);
    public string Name { get; } = name;
    public (DateOnly From, Value Value)[] Values { get; } = values;
    public Value? Fallback { get; } = fallback;

    public override Value Eval(Activation a) => At(a.Period);

    /// <summary>The value in force at the start of <paramref name="appraised"/>; shared by the tree and the compiled tier.</summary>
    public Value At(PeriodValue? appraised)
    {
        if (appraised is not { } period)
            throw new EvaluationException(EvaluationErrorKind.MissingContext, Span,
                $"'{Name}' has dated values: the appraised period must be given", $"'{Name}' 按日期取值：必须给出考核周期");
        var start = period.Start;
        for (var i = Values.Length - 1; i >= 0; i--)
        {
            if (Values[i].From <= start) return Values[i].Value;
        }
        return Fallback ?? throw new EvaluationException(EvaluationErrorKind.Runtime, Span,
            $"'{Name}' has no value in force on {start:yyyy-MM-dd}", $"'{Name}' 在 {start:yyyy-MM-dd} 没有生效的取值");
    }
}
