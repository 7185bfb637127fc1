
namespace Appraisal.Engine.Embedding;

/// <summary>Why an evaluation gave no outcome, other than invalid facts (those are <see cref="EvaluationResult.FactErrors"/>).</summary>
public enum FailureKind
{
    /// <summary>The policy has errors (see <see cref="LoadedPolicy.Diagnostics"/>) and does not evaluate.</summary>
    PolicyNotReady,
    /// <summary>The options are not usable for this policy: a period not in canonical form, or of another kind than the policy's.</summary>
    InvalidOptions,
    /// <summary>A fault in the data at run time: division by zero, no table row matches, a number too large.</summary>
    Runtime,
    /// <summary>The evaluation needed more work than <see cref="PolicyEvaluationOptions.Budget"/>.</summary>
    BudgetExceeded,
    /// <summary>Something the evaluation must be given is missing, such as the period a dated parameter needs.</summary>
    MissingContext,
}
