using Appraisal.Engine.Evaluation;
using Appraisal.Engine.Facts;
using Appraisal.Policy.Syntax;

namespace Appraisal.Engine.Testing;

/// <summary>The result of one <c>test</c> written in a policy.</summary>
public sealed record PolicyTestResult(TestDecl Test, IReadOnlyList<OutputMismatch> Mismatches, EvaluationException? Error,
    IReadOnlyList<Outcome> Outcomes)
{
    /// <summary>The constraints on inputs that behaved otherwise than the test expects (<c>expect violated</c>).</summary>
    public IReadOnlyList<ConstraintMismatch> ConstraintMismatches { get; init; } = [];

    /// <summary>The fact errors of the constraints that rejected the test's facts, as a caller would receive them.</summary>
    public IReadOnlyList<FactError> Rejections { get; init; } = [];

    public bool Passed => Error is null && Mismatches.Count == 0 && ConstraintMismatches.Count == 0;
    public string Title => Test.Title;
}
