using Appraisal.Engine.Values;

namespace Appraisal.Engine.Planning;

/// <summary>How the planner plans (for tests: the default is what every host uses).</summary>
internal sealed record PlannerOptions
{
    public static PlannerOptions Default { get; } = new();

    /// <summary>
    /// Whether nodes that depend on nothing are replaced by their values (<see cref="ConstantFolding"/>), and parameter
    /// references by the parameter's value. Off, only literals and enum members are constants and everything else is
    /// evaluated at run time (a parameter reference is its planned value expression): the reference the differential
    /// test compares the folded plan against. Numbers a rule plan needs as numbers (scorecard weights, maxima, floors
    /// and caps, a promotion step, a rounding precision) and dated parameters' values are computed either way.
    /// </summary>
    public bool Fold { get; init; } = true;

    /// <summary>
    /// Test hook, null outside tests: applied to every value folding computes, to plant a fold bug the differential test
    /// must catch.
    /// </summary>
    public Func<Value, Value>? AfterFold { get; init; }
}
