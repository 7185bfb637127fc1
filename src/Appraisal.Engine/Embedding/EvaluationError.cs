using System.Globalization;
using Appraisal.Engine.Evaluation;

namespace Appraisal.Engine.Embedding;

/// <summary>Why an evaluation gave no outcome: what went wrong, in English and Chinese, and where in the policy.</summary>
/// <param name="File">The policy file of the rule that failed; null when the failure is not at a place in the policy.</param>
/// <param name="Line">1-based line in <paramref name="File"/>, 0 when there is no place.</param>
/// <param name="Diagnostics">For <see cref="FailureKind.PolicyNotReady"/>, the policy's errors.</param>
public sealed record EvaluationError(FailureKind Kind, string Message, string MessageZh, string? File, int Line, int Column,
    IReadOnlyList<PolicyDiagnostic> Diagnostics)
{
    internal static EvaluationError Of(EvaluationException error)
    {
        var (line, column) = error.Span.StartPosition;
        var kind = error.Kind switch
        {
            EvaluationErrorKind.BudgetExceeded => FailureKind.BudgetExceeded,
            EvaluationErrorKind.MissingContext => FailureKind.MissingContext,
            _ => FailureKind.Runtime,
        };
        return new EvaluationError(kind, error.Message, error.MessageZh, error.Span.File, line, column, []);
    }

    /// <summary><c>file(line,column): message</c>, or the message alone.</summary>
    public override string ToString() =>
        File is null ? Message : string.Create(CultureInfo.InvariantCulture, $"{File}({Line},{Column}): {Message}");
}
