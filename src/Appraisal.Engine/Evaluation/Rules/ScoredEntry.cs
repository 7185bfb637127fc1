namespace Appraisal.Engine.Evaluation;

public sealed record ScoredEntry(ScorecardEntryPlan Plan, decimal Raw, decimal Final, decimal Contribution);
