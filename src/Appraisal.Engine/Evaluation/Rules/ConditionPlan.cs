using Appraisal.Policy.Syntax;

namespace Appraisal.Engine.Evaluation;

/// <summary>A named condition of a gate or a level, planned; Left/Right are kept for "how far from passing".</summary>
public sealed record ConditionPlan(Condition Condition, EvalNode Test, EvalNode? Left, EvalNode? Right, BinaryOp? Op);
