using Appraisal.Engine.Planning;
using Appraisal.Engine.Values;
using Appraisal.Policy.Text;

namespace Appraisal.Engine.Evaluation;

public sealed record InputRead(string Name, Value Value, Policy.Semantics.PolicyType Type);

/// <summary>A table row a rule hit; <see cref="Serves"/> names the part of the rule it served (a scorecard item), if any.</summary>
public sealed record TableHit(TablePlan Table, Value[] Arguments, int Row, Value Result, string? Serves = null);

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

/// <summary>The derivation of every output, as data; <see cref="ExplanationText"/> renders it for people.</summary>
public sealed record Explanation(IReadOnlyList<Derivation> Outputs, IReadOnlyDictionary<PopulationRule, Value> Population)
{
    /// <summary>Where this member stood in each rule over the group (its place, the group's size, quotas, ties).</summary>
    public IReadOnlyDictionary<PopulationRule, PopulationPlacement> Placements { get; init; } = new Dictionary<PopulationRule, PopulationPlacement>();

    /// <summary>Every derivation once, depth first from the outputs (without recursion: a chain may be long).</summary>
    public IEnumerable<Derivation> AllDerivations()
    {
        var seen = new HashSet<Derivation>();
        var work = new Stack<IEnumerator<Derivation>>();
        work.Push(Outputs.GetEnumerator());
        while (work.Count > 0)
        {
            var next = work.Peek();
            if (!next.MoveNext())
            {
                work.Pop();
                continue;
            }
            var derivation = next.Current;
            if (!seen.Add(derivation)) continue;
            yield return derivation;
            work.Push(derivation.Uses.GetEnumerator());
        }
    }
}

/// <summary>Builds derivations while an evaluation runs. Only created when an explanation is asked for.</summary>
internal sealed class ExplanationBuilder(PolicyPlan plan, Value[] facts) : ITracer
{
    private readonly Stack<Derivation> _stack = new();
    private readonly Dictionary<int, Derivation> _done = new();
    private readonly Dictionary<PopulationRule, Value> _population = new();

    public void Enter(RulePlan rule) => _stack.Push(new Derivation(rule));

    public void Exit(RulePlan rule, Value value, Activation activation)
    {
        var derivation = _stack.Pop();
        derivation.Value = value;
        switch (rule)
        {
            case DefinitionRule definition:
                derivation.Calculation = CalculationBuilder.Of(plan, activation, definition.Body);
                break;
            case OutputRule output:
                var veto = derivation.Details.OfType<OutputDetail>().FirstOrDefault()?.Veto;
                derivation.Calculation = CalculationBuilder.Of(plan, activation, veto is null ? output.Body : veto.Overrides[output.Slot]);
                break;
            case ScorecardRule scorecard:
                derivation.EntryCalculations = scorecard.Entries.Select(e => CalculationBuilder.Of(plan, activation, e.Value)).ToList();
                break;
            case GateRule gate:
                derivation.ConditionCalculations = Sides(gate.Conditions, activation);
                break;
            case LevelsRule levels:
                derivation.ConditionCalculations = Sides(levels.Levels.SelectMany(l => l.Requirements), activation);
                break;
        }
        _done[rule.Slot] = derivation;
        if (_stack.TryPeek(out var parent)) AddUse(parent, derivation);
    }

    public void Reused(RulePlan rule)
    {
        if (_stack.TryPeek(out var parent) && _done.TryGetValue(rule.Slot, out var derivation)) AddUse(parent, derivation);
    }

    /// <summary>Every condition was evaluated (gates and levels evaluate them all): the arithmetic of each side that computes something.</summary>
    private Dictionary<ConditionPlan, (Calculation?, Calculation?)> Sides(IEnumerable<ConditionPlan> conditions, Activation activation)
    {
        var sides = new Dictionary<ConditionPlan, (Calculation?, Calculation?)>();
        foreach (var condition in conditions)
        {
            if (condition is not { Left: { } left, Right: { } right }) continue;
            Calculation? Side(EvalNode node) => CalculationBuilder.Of(plan, activation, node) is { IsLeaf: false } c ? c : null;
            sides[condition] = (Side(left), Side(right));
        }
        return sides;
    }

    private static void AddUse(Derivation parent, Derivation child)
    {
        if (parent.UsesSet.Add(child)) parent.Uses.Add(child);
    }

    public void InputRead(int slot)
    {
        if (!_stack.TryPeek(out var current)) return;
        var field = plan.Inputs.Fields[slot];
        if (current.Inputs.All(i => i.Name != field.Name)) current.Inputs.Add(new InputRead(field.Name, facts[slot], field.Type));
    }

    public void TableRow(TablePlan table, Value[] arguments, int row, Value result)
    {
        if (_stack.TryPeek(out var current)) current.TableHits.Add(new TableHit(table, arguments, row, result, current.Serving));
    }

    public void Serving(string? part)
    {
        if (_stack.TryPeek(out var current)) current.Serving = part;
    }

    public void ExceptionApplied(int index, TextSpan span)
    {
        if (!_stack.TryPeek(out var current)) return;
        current.ExceptionApplied = index;
        current.ExceptionSpan = span;
    }

    public void Detail(RuleDetail detail)
    {
        if (_stack.TryPeek(out var current)) current.Details.Add(detail);
    }

    public void PopulationResult(PopulationRule rule, Value value, PopulationPlacement placement)
    {
        _population[rule] = value;
        _placements[rule] = placement;
        // The group decided this value before the member's own rules ran: a derivation of its own, which rules that
        // read it use like any other.
        var derivation = new Derivation(rule) { Value = value };
        derivation.Details.Add(new PopulationDetail(placement));
        _done[rule.Slot] = derivation;
    }

    private readonly Dictionary<PopulationRule, PopulationPlacement> _placements = new();

    public Explanation Build() => new(plan.Outputs.Select(o => _done[o.Slot]).ToList(), _population) { Placements = _placements };
}
