using Appraisal.Engine.Values;

namespace Appraisal.Engine.Evaluation;

public sealed record OutputDetail(Value Unrounded, VetoRule? Veto) : RuleDetail;
