using Appraisal.Engine.Evaluation;
using Appraisal.Engine.Planning;
using Appraisal.Engine.Values;

namespace Appraisal.Ledger.Recording;

/// <summary>
/// The version of a policy an evaluation runs on, as a host holds it.
/// </summary>
/// <param name="Id">The policy id (the service: its path under the policy directory; the command line: the file's name).</param>
/// <param name="Version">Its version hash (<see cref="Engine.PolicyHash"/>).</param>
/// <param name="Plan">Its plan.</param>
/// <param name="Evaluate">How one fact set is evaluated (the service: its tiered evaluator); null: the tree evaluator.</param>
/// <param name="KeptPlan">The plan of an earlier version the host still keeps, by version hash (to recognise a retry of a
/// request answered by that version after the policy changed); null when none is kept.</param>
public sealed record ServedPolicy(string Id, string Version, PolicyPlan Plan,
    Func<Value[], EvaluationOptions, Outcome>? Evaluate = null, Func<string, PolicyPlan?>? KeptPlan = null)
{
    internal Outcome Run(Value[] facts, EvaluationOptions options) =>
        Evaluate is { } evaluate ? evaluate(facts, options) : Evaluator.Evaluate(Plan, facts, options);
}
