using Appraisal.Engine.Values;
using Appraisal.Policy.Text;

namespace Appraisal.Engine.Evaluation;

/// <summary>date ± duration (hours, whole days added) and date − date (a duration in hours).</summary>
public sealed class EvalDateArithmetic(TextSpan span, bool subtract, EvalNode left, EvalNode right, bool rightIsDate) : EvalNode(span)
{
    public override T Accept<T>(IEvalNodeVisitor<T> visitor) => visitor.Visit(this);
    public bool Subtract { get; } = subtract;
    public EvalNode Left { get; } = left;
    public EvalNode Right { get; } = right;
    public bool RightIsDate { get; } = rightIsDate;

    public override Value Eval(Activation a)
    {
        var date = Left.Eval(a).AsDate;
        return Apply(date, Right.Eval(a), Subtract, RightIsDate, Span);
    }

    /// <summary>The arithmetic; a date outside 0001-01-01..9999-12-31 is a located error.</summary>
    public static Value Apply(DateOnly date, Value other, bool subtract, bool rightIsDate, TextSpan span)
    {
        if (rightIsDate) return Value.Of((date.DayNumber - other.AsDate.DayNumber) * 24m);
        var days = Math.Floor(other.AsNumber / 24m);
        if (subtract) days = -days;
        var day = date.DayNumber + days;
        if (day < DateOnly.MinValue.DayNumber || day > DateOnly.MaxValue.DayNumber) throw DateOutOfRange(span);
        return Value.Of(DateOnly.FromDayNumber((int)day));
    }

    public static EvaluationException DateOutOfRange(TextSpan span) =>
        new(EvaluationErrorKind.Runtime, span, "the date falls outside 0001-01-01..9999-12-31", "日期超出 0001-01-01..9999-12-31 的范围");
}
