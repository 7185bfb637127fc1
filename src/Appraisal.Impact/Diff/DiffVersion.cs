using Appraisal.Engine.Compilation;
using Appraisal.Engine.Planning;

namespace Appraisal.Impact.Diff;

/// <summary>
/// One side of a comparison: a planned policy and how reports name it (a file name, a version hash).
/// </summary>
/// <param name="Label">How reports name this version: a file name, <c>v2026.1</c>, a registry reference.</param>
/// <param name="Plan">The policy's plan.</param>
/// <param name="Hash">The version hash (<see cref="Engine.PolicyHash"/>), when known.</param>
public sealed record DiffVersion(string Label, PolicyPlan Plan, string? Hash = null)
{
    /// <summary>
    /// An evaluator the host already holds for this plan (the service's store): used, not disposed. Without one the
    /// comparison makes its own tiered evaluator and disposes it.
    /// </summary>
    public TieredEvaluator? Evaluator { get; init; }

    /// <summary>Where the version came from (a file, the ledger's registry), when the host says; reports name it.</summary>
    public DiffVersionSource? Source { get; init; }
}
