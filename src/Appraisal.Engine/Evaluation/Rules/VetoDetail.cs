namespace Appraisal.Engine.Evaluation;

public sealed record VetoDetail(bool Fired) : RuleDetail;
