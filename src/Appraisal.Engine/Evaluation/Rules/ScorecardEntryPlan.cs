using Appraisal.Engine.Values;
using Appraisal.Policy.Syntax;

namespace Appraisal.Engine.Evaluation;

public sealed record ScorecardEntryPlan(ScorecardEntry Entry, EvalNode Value, decimal? Weight, decimal? Max, decimal? Floor, decimal? Cap);
