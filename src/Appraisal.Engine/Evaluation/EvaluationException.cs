using Appraisal.Policy.Text;

namespace Appraisal.Engine.Evaluation;

public enum EvaluationErrorKind
{
    /// <summary>A fault in the data at run time: division by zero, no table row matches, a number too large.</summary>
    Runtime,
    /// <summary>The evaluation needed more than its cost budget.</summary>
    BudgetExceeded,
    /// <summary>Something the request must supply is missing: the period, earlier periods, a group.</summary>
    MissingContext,
}

/// <summary>A located runtime fault: never a crash and never a silent zero.</summary>
public sealed class EvaluationException(EvaluationErrorKind kind, TextSpan span, string message, string messageZh) : Exception(message)
{
    public EvaluationErrorKind Kind { get; } = kind;
    public TextSpan Span { get; } = span;
    public string MessageZh { get; } = messageZh;

    public override string ToString()
    {
        var (line, column) = Span.StartPosition;
        return $"{Span.File}({line},{column}): {Message}";
    }
}
