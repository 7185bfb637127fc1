using Appraisal.Policy.Syntax;

namespace Appraisal.Engine.Evaluation;

/// <summary>What a gate decided: each condition, and when it did not pass, the reason its <c>otherwise</c> gives.</summary>
public sealed record GateDetail(GateKind Kind, IReadOnlyList<CheckedCondition> Conditions, bool Passed, string? Otherwise = null) : RuleDetail;
