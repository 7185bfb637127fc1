using Appraisal.Engine.Evaluation;
using Appraisal.Engine.Planning;
using Appraisal.Engine.Values;
using Appraisal.Engine.Versions;

namespace Appraisal.Ledger.Recording;

/// <summary>
/// The version of a policy an evaluation runs on, as a host holds it.
/// </summary>
/// <param name="Id">The policy id (the service: its path under the policy directory; the command line: the file's name).</param>
/// <param name="Version">Its version hash (<see cref="Engine.PolicyHash"/>).</param>
/// <param name="Plan">Its plan.</param>
/// <param name="Source">Its files: kept in the ledger's registry before the first outcome it answers is recorded.</param>
/// <param name="Evaluate">How one fact set is evaluated (the service: its tiered evaluator); null: the tree evaluator.</param>
/// <param name="KeptPlan">The plan of an earlier version the host still keeps, by version hash (to recognise a retry of a
/// request answered by that version after the policy changed); null when none is kept.</param>
public sealed record ServedPolicy(string Id, string Version, PolicyPlan Plan, PolicySource Source,
    Func<Value[], EvaluationOptions, Outcome>? Evaluate = null, Func<string, PolicyPlan?>? KeptPlan = null)
{
    /// <summary>
    /// Why this version answers, as the record keeps it (<see cref="LedgerRecord.VersionBasis"/>): <c>served</c> by
    /// default, <c>pinned</c>, or <c>published:N</c>.
    /// </summary>
    public string Basis { get; init; } = "served";

    /// <summary>Where its files were read from, as the registry keeps it (<see cref="Registry.StoredVersion.SourcePath"/>).</summary>
    public string SourcePath { get; init; } = "";

    internal Outcome Run(Value[] facts, EvaluationOptions options) =>
        Evaluate is { } evaluate ? evaluate(facts, options) : Evaluator.Evaluate(Plan, facts, options);
}
