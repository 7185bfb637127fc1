using Appraisal.Policy.Text;

namespace Appraisal.Engine.Evaluation;

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
