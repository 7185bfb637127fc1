using Appraisal.Engine.Values;
using Appraisal.Policy.Semantics;
using Appraisal.Policy.Syntax;

namespace Appraisal.Engine.Evaluation;

/// <summary>
/// Levels: the highest level whose requirements, and those of every lower level, hold — but at most
/// <c>step</c> levels above the current level. If not even the lowest level holds, the lowest level.
/// </summary>
public sealed class LevelsRule(int slot, LevelsDecl declaration, EnumType type, string citation,
    (int Index, ConditionPlan[] Requirements)[] levels, EvalNode? current, int? step) : RulePlan(slot, declaration, type, citation)
{
    public (int Index, ConditionPlan[] Requirements)[] Levels { get; } = levels;
    private readonly ConditionPlan[][] _byLevel = Enumerable.Range(0, type.Members.Length)
        .Select(i => levels.FirstOrDefault(l => l.Index == i).Requirements ?? []).ToArray();
    public EvalNode? Current { get; } = current;
    public int? Step { get; } = step;

    public override T Accept<T>(IRulePlanVisitor<T> visitor) => visitor.Visit(this);

    public override Value Compute(Activation a)
    {
        var enumType = (EnumType)Type;
        var reached = 0;
        var cumulative = true;
        var checks = a.Tracer is null ? null : new List<LevelCheck>(enumType.Members.Length);
        // Every requirement of every level is evaluated, with or without an explanation, so that an explanation can
        // say what each higher level still lacks; the tracer only records.
        for (var index = 0; index < enumType.Members.Length; index++)
        {
            var requirements = _byLevel[index];
            var results = checks is null ? null : new List<CheckedCondition>(requirements.Length);
            var own = true;
            foreach (var requirement in requirements)
            {
                var result = GateRule.Check(a, requirement);
                results?.Add(result);
                own &= result.Holds;
            }
            checks?.Add(new LevelCheck(enumType.Members[index], index, own, results!));
            cumulative &= own;
            if (cumulative) reached = index;
        }
        int? currentIndex = Current is null ? null : Current.Eval(a).EnumIndex;
        var outcome = reached;
        if (currentIndex is { } c && Step is { } s && outcome > c + s) outcome = c + s;
        a.Tracer?.Detail(new LevelsDetail(checks!, reached, currentIndex, Step, outcome));
        return Value.Of(enumType, outcome);
    }
}
