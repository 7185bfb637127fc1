using Appraisal.Engine.Evaluation;
using Appraisal.Engine.Facts;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace Appraisal.Engine.Hosting;

/// <summary>The result of evaluating one fact set given as JSON: an outcome, or why there is none.</summary>
public sealed record JsonEvaluationResult(Outcome? Outcome, IReadOnlyList<FactError> FactErrors, EvaluationException? Error)
{
    public bool Succeeded => Outcome is not null;
}
