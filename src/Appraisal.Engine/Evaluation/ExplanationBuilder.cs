using Appraisal.Engine.Planning;
using Appraisal.Engine.Values;
using Appraisal.Policy.Text;

namespace Appraisal.Engine.Evaluation;

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
