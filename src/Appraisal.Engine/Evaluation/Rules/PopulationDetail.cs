namespace Appraisal.Engine.Evaluation;

/// <summary>Where the member stood in a rule over its group.</summary>
public sealed record PopulationDetail(PopulationPlacement Placement) : RuleDetail;
