using Appraisal.Engine.Planning;
using Appraisal.Engine.Values;

namespace Appraisal.Engine.Evaluation;

/// <summary>What one evaluation produced: every output, and its explanation when asked for.</summary>
public sealed record Outcome(PolicyPlan Plan, IReadOnlyList<OutputValue> Outputs, Explanation? Explanation)
{
    public Value this[string output] => Outputs[Plan.OutputIndex[output]].Value;
}
