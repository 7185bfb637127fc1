namespace Appraisal.Engine.Evaluation;

public sealed record ScorecardDetail(IReadOnlyList<ScoredEntry> Entries, decimal Sum, decimal Score, decimal Max, decimal? Floor) : RuleDetail;
