namespace Appraisal.Engine.Evaluation;

public sealed record EscalationDetail(IReadOnlyList<EscalationStep> Steps, decimal Result) : RuleDetail;
