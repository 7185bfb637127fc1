using Appraisal.Engine.Planning;
using Appraisal.Engine.Values;
using Appraisal.Policy.Semantics;
using Appraisal.Policy.Syntax;
using Appraisal.Policy.Text;

namespace Appraisal.Engine.Evaluation;

/// <summary>Where the member stood in a rule over its group.</summary>
public sealed record PopulationDetail(PopulationPlacement Placement) : RuleDetail;
