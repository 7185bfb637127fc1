using Appraisal.Engine.Evaluation;
using Appraisal.Engine.Planning;
using Appraisal.Engine.Values;

namespace Appraisal.Ledger.Replay;

/// <summary>
/// How a replay evaluates: by default the tree evaluator, the reference semantics every tier agrees with. A test gives
/// an engine made to differ, to see replay report it.
/// </summary>
public sealed record ReplayEngine(
    Func<PolicyPlan, Value[], EvaluationOptions, Outcome> Evaluate,
    Func<PolicyPlan, IReadOnlyList<Value[]>, EvaluationOptions, IReadOnlyList<IReadOnlyList<EarlierPeriod>>, IReadOnlyList<Outcome>> EvaluateGroup)
{
    public static ReplayEngine Tree { get; } = new(
        (plan, facts, options) => Evaluator.Evaluate(plan, facts, options),
        (plan, members, options, histories) => Evaluator.EvaluateGroup(plan, members, options, CancellationToken.None, histories));
}
