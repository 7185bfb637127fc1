using System.Collections.Immutable;
using Appraisal.Engine.Facts;
using Appraisal.Policy.Semantics;
using Appraisal.Policy.Syntax;
using Appraisal.Engine.Evaluation;

namespace Appraisal.Engine.Planning;

/// <summary>
/// A checked policy planned for evaluation: the input schema, every rule in a slot, the outputs in order.
/// Immutable once built; one plan serves any number of concurrent evaluations.
/// </summary>
public sealed class PolicyPlan
{
    internal PolicyPlan(CheckedPolicy source, InputSchema inputs, RulePlan[] rules, OutputRule[] outputs,
        ImmutableArray<TablePlan> tables, int localCount, IReadOnlyDictionary<EvalNode, NodeInfo>? nodeInfo = null)
    {
        NodeInfo = nodeInfo ?? new Dictionary<EvalNode, NodeInfo>();
        Source = source;
        Inputs = inputs;
        Rules = rules;
        ReadsEarlierPeriods = rules.OfType<EscalationRule>().Any();
        Outputs = outputs;
        Tables = tables;
        LocalCount = localCount;
        OutputIndex = outputs.ToDictionary(o => o.Name, o => o.Index, StringComparer.Ordinal);
        OutputSchema = InputSchema.ForOutputs(source.Model);
        Citations = CitationsOf(source.File);
    }

    /// <summary>The checked policy the plan was made from: for the engine itself (explanations, tests), not for hosts.</summary>
    internal CheckedPolicy Source { get; }

    /// <summary>
    /// The type of each planned expression and, for a name, the name as written: what an explanation shows of it
    /// (<see cref="Evaluation.Calculation"/>). Not consulted while evaluating.
    /// </summary>
    internal IReadOnlyDictionary<EvalNode, NodeInfo> NodeInfo { get; }
    public string Name => Source.File.Name?.Text ?? "";
    public string? Version => Source.File.Version;
    public PeriodKind? PeriodKind => Source.File.Period is { } p ? PeriodKinds.Parse(p.Text) : null;
    /// <summary>The period kind as the policy writes it (<c>quarter</c>), or empty.</summary>
    public string PeriodText => Source.File.Period?.Text ?? "";
    /// <summary>The date from which the policy applies, when it says.</summary>
    public DateOnly? Effective => Source.File.Effective;
    /// <summary>The outputs as a schema (name, type), to read earlier periods' outcomes and to describe the policy.</summary>
    public InputSchema OutputSchema { get; }
    /// <summary>The policy's <c>source</c> citations in order, each with the declarations it applies to.</summary>
    public IReadOnlyList<PlanCitation> Citations { get; }
    public InputSchema Inputs { get; }
    public RulePlan[] Rules { get; }
    public OutputRule[] Outputs { get; }
    public ImmutableArray<TablePlan> Tables { get; }
    public int LocalCount { get; }
    public IReadOnlyDictionary<string, int> OutputIndex { get; }
    public IEnumerable<PopulationRule> PopulationRules => Rules.OfType<PopulationRule>();
    /// <summary>True when some rule folds over earlier periods (<c>escalation</c>): its outcome depends on the history given.</summary>
    public bool ReadsEarlierPeriods { get; }

    private static IReadOnlyList<PlanCitation> CitationsOf(PolicyFile file)
    {
        var citations = new List<PlanCitation>();
        (string Text, int Line, List<string> AppliesTo)? current = null;
        foreach (var declaration in file.Declarations)
        {
            switch (declaration)
            {
                case SourceDecl source:
                    if (current is { } done) citations.Add(new PlanCitation(done.Text, done.Line, done.AppliesTo));
                    current = (source.Citation, source.Span.StartPosition.Line, new List<string>());
                    break;
                case NamedDeclaration named when current is not null:
                    current.Value.AppliesTo.Add(named.Name.Text);
                    break;
                case InputDecl when current is not null:
                    current.Value.AppliesTo.Add("input");
                    break;
            }
        }
        if (current is { } last) citations.Add(new PlanCitation(last.Text, last.Line, last.AppliesTo));
        return citations;
    }
}
