using Appraisal.Engine.Planning;
using Appraisal.Engine.Values;
using Appraisal.Policy.Semantics;
using Appraisal.Policy.Syntax;
using Appraisal.Policy.Text;

namespace Appraisal.Engine.Evaluation;

/// <summary>A named condition of a gate or a level, planned; Left/Right are kept for "how far from passing".</summary>
public sealed record ConditionPlan(Condition Condition, EvalNode Test, EvalNode? Left, EvalNode? Right, BinaryOp? Op);
