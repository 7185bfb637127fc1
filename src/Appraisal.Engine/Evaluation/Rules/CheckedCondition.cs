using Appraisal.Engine.Values;

namespace Appraisal.Engine.Evaluation;

public sealed record CheckedCondition(ConditionPlan Plan, bool Holds, Value? Left, Value? Right);
