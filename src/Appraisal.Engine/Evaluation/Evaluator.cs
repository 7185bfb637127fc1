using Appraisal.Engine.Planning;
using Appraisal.Engine.Values;
using Appraisal.Policy.Semantics;

namespace Appraisal.Engine.Evaluation;

/// <summary>The tree evaluator: evaluates a plan against validated facts.</summary>
public static class Evaluator
{
    /// <summary>Evaluates every output. A runtime fault throws <see cref="EvaluationException"/> with its location.</summary>
    public static Outcome Evaluate(PolicyPlan plan, Value[] facts, EvaluationOptions? options = null)
    {
        options ??= EvaluationOptions.Default;
        var builder = options.Explain ? new ExplanationBuilder(plan, facts) : null;
        var activation = new Activation(plan, facts, options.Period, options.History, options.Budget, builder);
        var outputs = new OutputValue[plan.Outputs.Length];
        for (var i = 0; i < outputs.Length; i++)
        {
            var output = plan.Outputs[i];
            outputs[i] = new OutputValue(output.Name, output.Type, activation.Rule(output.Slot));
        }
        return new Outcome(plan, outputs, builder?.Build());
    }

    /// <summary>
    /// Evaluates a group together, for population rules (ranking, forced distribution, selection). Each member is
    /// evaluated with its own facts; the outcomes are in the members' order. <paramref name="cancellationToken"/> is
    /// checked between population rules and between members. Each member's earlier periods are
    /// <paramref name="histories"/>[i] when given (e.g. read from the ledger per subject), else
    /// <see cref="EvaluationOptions.History"/>.
    /// </summary>
    public static IReadOnlyList<Outcome> EvaluateGroup(PolicyPlan plan, IReadOnlyList<Value[]> members, EvaluationOptions? options = null,
        CancellationToken cancellationToken = default, IReadOnlyList<IReadOnlyList<EarlierPeriod>>? histories = null)
    {
        options ??= EvaluationOptions.Default;
        if (histories is not null && histories.Count != members.Count)
            throw new ArgumentException($"{histories.Count} histories for {members.Count} members.", nameof(histories));
        var builders = members.Select(f => options.Explain ? new ExplanationBuilder(plan, f) : null).ToArray();
        var activations = members.Select((facts, i) =>
            new Activation(plan, facts, options.Period, histories?[i] ?? options.History, options.Budget, builders[i])).ToArray();
        foreach (var rule in plan.PopulationRules)
        {
            cancellationToken.ThrowIfCancellationRequested();
            Population.Apply(rule, activations);
        }
        return activations.Select((activation, i) =>
        {
            cancellationToken.ThrowIfCancellationRequested();
            var outputs = plan.Outputs.Select(o => new OutputValue(o.Name, o.Type, activation.Rule(o.Slot))).ToArray();
            return new Outcome(plan, outputs, builders[i]?.Build());
        }).ToArray();
    }
}
