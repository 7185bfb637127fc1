namespace Appraisal.Engine.Evaluation;

public sealed record LevelCheck(string Level, int Index, bool OwnRequirementsHold, IReadOnlyList<CheckedCondition> Requirements);
