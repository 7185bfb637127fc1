using System.Runtime.CompilerServices;
using Appraisal.Engine.Values;
using Appraisal.Policy.Text;

namespace Appraisal.Engine.Evaluation;

/// <summary>Observes an evaluation to build its explanation; absent (null) when no explanation was asked for.</summary>
public interface ITracer
{
    void Enter(RulePlan rule);
    /// <summary>A rule's value is known; <paramref name="activation"/> still holds every value it was computed from.</summary>
    void Exit(RulePlan rule, Value value, Activation activation);
    /// <summary>A rule already computed was read again.</summary>
    void Reused(RulePlan rule);
    void InputRead(int slot);
    void TableRow(TablePlan table, Value[] arguments, int row, Value result);
    /// <summary>The table rows hit from now on serve this part of the rule (a scorecard item); null: the rule itself.</summary>
    void Serving(string? part);
    void ExceptionApplied(int index, TextSpan span);
    void Detail(RuleDetail detail);
    /// <summary>The value a population rule gave this member of the group.</summary>
    void PopulationResult(PopulationRule rule, Value value, PopulationPlacement placement);
}
