using Appraisal.Engine.Planning;
using Appraisal.Engine.Values;
using Appraisal.Policy.Semantics;
using Appraisal.Policy.Syntax;
using Appraisal.Policy.Text;

namespace Appraisal.Engine.Evaluation;

public sealed record LevelsDetail(IReadOnlyList<LevelCheck> Levels, int Reached, int? Current, int? Step, int Result) : RuleDetail;
