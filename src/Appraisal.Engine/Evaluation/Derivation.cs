using Appraisal.Engine.Values;
using Appraisal.Policy.Text;

namespace Appraisal.Engine.Evaluation;

/// <summary>How one rule reached its value: what it read, which table rows it hit, and its own details.</summary>
public sealed class Derivation(RulePlan rule)
{
    public RulePlan Rule { get; } = rule;
    public Value Value { get; internal set; }
    /// <summary>The rules it read, each once, in the order first read.</summary>
    public List<Derivation> Uses { get; } = new();
    internal HashSet<Derivation> UsesSet { get; } = new();
    public List<InputRead> Inputs { get; } = new();
    public List<TableHit> TableHits { get; } = new();
    public List<RuleDetail> Details { get; } = new();
    /// <summary>How the rule's expression was computed, values substituted (a definition's or an output's); null for other rules.</summary>
    public Calculation? Calculation { get; internal set; }
    /// <summary>For a scorecard, how each entry's value was computed, in the order of its entries.</summary>
    public IReadOnlyList<Calculation> EntryCalculations { get; internal set; } = [];
    /// <summary>For a gate or levels, how each condition's sides were computed (a side that is a bare name or constant is null).</summary>
    public IReadOnlyDictionary<ConditionPlan, (Calculation? Left, Calculation? Right)> ConditionCalculations { get; internal set; } =
        new Dictionary<ConditionPlan, (Calculation?, Calculation?)>();
    /// <summary>The part of the rule being computed while it runs (see <see cref="ITracer.Serving"/>).</summary>
    internal string? Serving { get; set; }
    /// <summary>The <c>unless</c> exception that replaced the value (0-based), if any.</summary>
    public int? ExceptionApplied { get; internal set; }
    public TextSpan? ExceptionSpan { get; internal set; }
}
