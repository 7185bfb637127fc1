using Appraisal.Engine.Evaluation;
using Appraisal.Engine.Planning;
using Appraisal.Policy.Diagnostics;

namespace Appraisal.Engine.Statements;

/// <summary>
/// A recorded outcome as a statement is rendered from it: the outputs and explanation the ledger keeps, rendered as
/// they were decided (never evaluated again). <see cref="Plan"/>, the plan of the same version when the host still
/// serves it, adds what the record does not keep: the policy's name, items' maxima and its citations.
/// </summary>
public sealed record RecordedStatement
{
    /// <summary>The policy id the outcome was recorded under; the page's title when no plan is given.</summary>
    public required string PolicyId { get; init; }
    public string DeclaredVersion { get; init; } = "";
    /// <summary>The outputs in order: name, type as written (<c>money</c>, <c>percent</c>), value as text ("" when missing).</summary>
    public required IReadOnlyList<(string Name, string Type, string Value, bool Missing)> Outputs { get; init; }
    /// <summary>The explanation as data (<see cref="Evaluation.ExplanationJson"/>); null once erased by retention.</summary>
    public string? ExplanationJson { get; init; }
    /// <summary>The explanation as text in <see cref="ExplanationLanguage"/>; null once erased by retention.</summary>
    public string? ExplanationText { get; init; }
    public Language ExplanationLanguage { get; init; }
    /// <summary>When retention erased the facts and explanation.</summary>
    public DateTimeOffset? ErasedAt { get; init; }
    /// <summary>The plan of the recorded version, when it is still served; null otherwise.</summary>
    public PolicyPlan? Plan { get; init; }
}
