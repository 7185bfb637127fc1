using System.Collections.Immutable;
using Appraisal.Engine.Facts;
using Appraisal.Policy.Semantics;
using Appraisal.Policy.Syntax;

namespace Appraisal.Engine.Planning;

/// <summary>
/// A checked policy planned for evaluation: the input schema, every rule in a slot, the outputs in order.
/// Immutable once built; one plan serves any number of concurrent evaluations.
/// </summary>
public sealed class PolicyPlan
{
    internal PolicyPlan(CheckedPolicy source, InputSchema inputs, RulePlan[] rules, OutputRule[] outputs,
        ImmutableArray<TablePlan> tables, int localCount)
    {
        Source = source;
        Inputs = inputs;
        Rules = rules;
        ReadsEarlierPeriods = rules.OfType<EscalationRule>().Any();
        Outputs = outputs;
        Tables = tables;
        LocalCount = localCount;
        OutputIndex = outputs.ToDictionary(o => o.Name, o => o.Index, StringComparer.Ordinal);
    }

    public CheckedPolicy Source { get; }
    public string Name => Source.File.Name?.Text ?? "";
    public string? Version => Source.File.Version;
    public PeriodKind? PeriodKind => Source.File.Period is { } p ? PeriodKinds.Parse(p.Text) : null;
    public InputSchema Inputs { get; }
    public RulePlan[] Rules { get; }
    public OutputRule[] Outputs { get; }
    public ImmutableArray<TablePlan> Tables { get; }
    public int LocalCount { get; }
    public IReadOnlyDictionary<string, int> OutputIndex { get; }
    public IEnumerable<PopulationRule> PopulationRules => Rules.OfType<PopulationRule>();
    /// <summary>True when some rule folds over earlier periods (<c>escalation</c>): its outcome depends on the history given.</summary>
    public bool ReadsEarlierPeriods { get; }
}
