using Appraisal.Engine.Values;
using Appraisal.Policy.Semantics;

namespace Appraisal.Engine.Evaluation;

/// <summary>
/// How a value was computed, with the values substituted, as data: a tree of the expression's steps, each with the
/// value the evaluator's own nodes gave it. <see cref="ExplanationText"/> prints it for a person to check with a pencil
/// (<c>1000 元（KPI总奖金）× 95 分（考核.score）÷ 130 分（考核.max）= 730.7692… 元</c>) and <see cref="ExplanationJson"/>
/// writes every step with its exact value.
/// </summary>
public sealed record Calculation(CalculationKind Kind, string Text, Value Value, PolicyType Type, IReadOnlyList<Calculation> Parts)
{
    /// <summary>True when showing it adds nothing to its value: a constant, or a name the line already names.</summary>
    public bool IsLeaf => Kind is CalculationKind.Constant or CalculationKind.Named or CalculationKind.Opaque;
}
