using Appraisal.Engine;
using Appraisal.Engine.Compilation;
using Appraisal.Engine.Evaluation;
using Appraisal.Engine.Planning;
using Appraisal.Engine.Values;
using Appraisal.Impact.Recorded;
using Appraisal.Impact.Teams;
using Appraisal.Policy.Text;

namespace Appraisal.Impact.Diff;

/// <summary>
/// What a change of policy does to a population: both versions evaluated over the same subjects, and every output
/// that differs, per subject and overall (<see cref="DiffReport"/>). Evaluation is the engine's own (each version's
/// <see cref="TieredEvaluator"/>; the tree evaluator for groups): there are no second semantics here.
/// </summary>
/// <remarks>
/// <para>A policy whose versions have no population rules is compared subject by subject as the population streams
/// past: memory is the summary's accumulators (per output: totals, the <see cref="DiffOptions.Top"/> largest changes,
/// movement counts, at most <see cref="ValueCounter.MaxKeys"/> histogram keys per series) plus the changed subjects
/// kept for the reports (at most <see cref="DiffOptions.MaxSubjectsKept"/>, each its id and the changed outputs' two
/// values) — never the population itself.</para>
/// <para>When either version has population rules (rank, distribute, select) the whole group is evaluated together
/// under each version, as <see cref="Evaluator.EvaluateGroup"/> does, so its members are re-ranked: the group's facts
/// are then held (at most <see cref="DiffOptions.MaxGroupMembers"/> members).</para>
/// <para>Each member's facts are read for each version's inputs, and its earlier periods
/// (<see cref="TeamMember.EarlierPeriods"/>, e.g. as the ledger kept them) for each version with rules over earlier
/// periods, so an escalation is evaluated with the history the member had. A fact either version rejects is a bad cell: the
/// population is then rejected (every bad cell reported, up to <see cref="DiffOptions.MaxErrors"/>; reading goes on to
/// count them, evaluating stops). A subject that fails to evaluate (a runtime fault, the budget) is counted under the
/// version that failed, with the reason, and not compared.</para>
/// </remarks>
public static class PolicyDiff
{
    /// <summary>Compares <paramref name="old"/> and <paramref name="new"/> over <paramref name="population"/>.</summary>
    public static DiffResult Run(DiffVersion old, DiffVersion @new, IEnumerable<TeamMember> population, DiffOptions? options = null,
        CancellationToken cancellationToken = default) =>
        Run(old, @new, population, source: null, options, cancellationToken);

    /// <summary>
    /// Compares both versions over the facts recorded in the ledger for one policy and period
    /// (<see cref="RecordedPopulation"/>): each member with the earlier periods its evaluation read; the report names the
    /// population and the records skipped.
    /// </summary>
    public static DiffResult Run(DiffVersion old, DiffVersion @new, RecordedPopulation population, DiffOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(population);
        return Run(old, @new, population.Members, population.Source, options, cancellationToken);
    }

    /// <summary>
    /// Compares <paramref name="old"/> and <paramref name="new"/> over <paramref name="population"/>, which
    /// <paramref name="source"/> names in the report (<see cref="DiffSummary.Source"/>; null: unnamed).
    /// </summary>
    public static DiffResult Run(DiffVersion old, DiffVersion @new, IEnumerable<TeamMember> population, PopulationSource? source,
        DiffOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(old);
        ArgumentNullException.ThrowIfNull(@new);
        ArgumentNullException.ThrowIfNull(population);
        options ??= DiffOptions.Default;
        var ownOld = old.Evaluator is null ? PolicyPipeline.Tier(old.Plan) : null;
        var ownNew = @new.Evaluator is null ? PolicyPipeline.Tier(@new.Plan) : null;
        try
        {
            var run = new DiffRun(old, @new, old.Evaluator ?? ownOld!, @new.Evaluator ?? ownNew!, options, source, cancellationToken);
            return old.Plan.PopulationRules.Any() || @new.Plan.PopulationRules.Any() ? run.Group(population) : run.Stream(population);
        }
        finally
        {
            ownOld?.Dispose();
            ownNew?.Dispose();
        }
    }

    /// <summary>The outputs of both versions, matched by name: the new version's order, then outputs only the old one has.</summary>
    public static IReadOnlyList<DiffOutput> Outputs(PolicyPlan old, PolicyPlan @new)
    {
        var outputs = new List<DiffOutput>();
        foreach (var output in @new.Outputs)
        {
            var oldIndex = old.OutputIndex.TryGetValue(output.Name, out var i) ? i : -1;
            var oldType = oldIndex >= 0 ? old.Outputs[oldIndex].Type : null;
            var kind = DiffOutput.KindOf(output.Type);
            if (oldType is not null && DiffOutput.KindOf(oldType) != kind) kind = DiffOutputKind.Other;
            outputs.Add(new DiffOutput(output.Name, oldType, output.Type, kind) { OldIndex = oldIndex, NewIndex = output.Index });
        }
        foreach (var output in old.Outputs.Where(o => !@new.OutputIndex.ContainsKey(o.Name)))
            outputs.Add(new DiffOutput(output.Name, output.Type, null, DiffOutput.KindOf(output.Type)) { OldIndex = output.Index });
        return outputs;
    }
}
