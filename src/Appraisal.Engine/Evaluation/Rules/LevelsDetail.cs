namespace Appraisal.Engine.Evaluation;

public sealed record LevelsDetail(IReadOnlyList<LevelCheck> Levels, int Reached, int? Current, int? Step, int Result) : RuleDetail;
