using Appraisal.Engine.Planning;
using Appraisal.Engine.Values;
using Appraisal.Policy.Semantics;
using Appraisal.Policy.Syntax;
using Appraisal.Policy.Text;

namespace Appraisal.Engine.Evaluation;

public sealed record ScorecardEntryPlan(ScorecardEntry Entry, EvalNode Value, decimal? Weight, decimal? Max, decimal? Floor, decimal? Cap);
