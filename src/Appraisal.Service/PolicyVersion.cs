using System.Collections.Immutable;
using Appraisal.Engine;
using Appraisal.Engine.Compilation;
using Appraisal.Engine.Evaluation;
using Appraisal.Engine.Planning;
using Appraisal.Engine.Values;
using Appraisal.Engine.Versions;
using Microsoft.Extensions.Options;

namespace Appraisal.Service;

/// <summary>
/// A good version of a policy: its content hash and the plan evaluations run on. Its compiled tier is started on
/// the first evaluation (off the request path); the tree evaluator answers until it is ready.
/// </summary>
/// <param name="Source">Its files, as the ledger's registry keeps them.</param>
/// <param name="SourcePath">Where they were read from (the policy file's full path).</param>
/// <param name="Tiers">Starts the compiled tier with the service's compile cache; null: compiled without a cache.</param>
public sealed record PolicyVersion(string Hash, PolicyPlan Plan, PolicySource Source, string SourcePath, CompiledTiers? Tiers = null)
{
    private readonly Lazy<TieredEvaluator> _evaluator = new(() => Tiers?.Start(Plan, Hash) ?? PolicyPipeline.Tier(Plan),
        LazyThreadSafetyMode.ExecutionAndPublication);

    public TieredEvaluator Evaluator => _evaluator.Value;

    /// <summary>
    /// Called when the store drops this version: its compiled tier stops being used and its assembly is unloaded once
    /// no evaluation still runs it (a call in flight finishes on what it started with; a later one would use the tree).
    /// </summary>
    public void Release()
    {
        if (_evaluator.IsValueCreated) _evaluator.Value.Dispose();
    }
}
