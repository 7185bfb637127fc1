using Appraisal.Policy.Semantics;
using Appraisal.Engine.Evaluation;

namespace Appraisal.Engine.Planning;

/// <summary>
/// What an explanation shows of a planned expression: its type, its name as written when it is a name
/// (<c>考核.score</c>), and for a constant the planner folded, the nodes it was folded from (evaluated by nothing but an
/// explanation, which shows their arithmetic).
/// </summary>
internal sealed record NodeInfo(PolicyType Type, string? Name, EvalNode? FoldedFrom = null);
