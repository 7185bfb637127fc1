using System.Collections.Immutable;
using System.Diagnostics;
using Appraisal.Engine.Compilation;
using Appraisal.Engine.Planning;
using Appraisal.Policy.Diagnostics;
using Appraisal.Policy.Semantics;
using Appraisal.Policy.Text;

namespace Appraisal.Engine;

/// <summary>
/// The one way from policy text to a plan that evaluates, in stages a reader follows top to bottom: <see cref="Check"/>
/// (parse, includes, then every pass of <see cref="Checker.Passes"/>), then <see cref="Plan"/>, then <see cref="Tier"/>. Each stage returns its
/// result with its diagnostics and its time; a mistake in the policy is a diagnostic, never an exception. Hosts (the
/// command line, the service) and the tests go through here, not to the checker and planner themselves.
/// </summary>
public static class PolicyPipeline
{
    /// <summary>Parses and checks; includes are read through <paramref name="includes"/>.</summary>
    public static CheckedPolicy Check(SourceText source, IncludeReader includes) => Checker.Check(source, includes);

    /// <summary>Plans a checked policy; a policy with errors gets no plan (its diagnostics say why).</summary>
    public static PlannedPolicy Plan(CheckedPolicy checkedPolicy)
    {
        if (checkedPolicy.HasErrors) return new PlannedPolicy(checkedPolicy, null, checkedPolicy.Stages);
        var clock = Stopwatch.StartNew();
        var plan = Planner.Plan(checkedPolicy);
        return new PlannedPolicy(checkedPolicy, plan, checkedPolicy.Stages.Add(new StageTime(nameof(Planner), clock.Elapsed)));
    }

    /// <summary>
    /// The last stage: an evaluator for a plan that answers at once on the tree and moves to the compiled tier (C#
    /// generated from the same tree, compiled by Roslyn in the background) when it is ready. Dispose it to unload the
    /// compiled code. With a <paramref name="cache"/>, a version compiled before is loaded from it instead of Roslyn.
    /// </summary>
    public static TieredEvaluator Tier(PolicyPlan plan, CompileCache? cache = null) => new(plan, cache);

    /// <summary>Checks and plans policy text.</summary>
    public static PlannedPolicy Load(SourceText source, IncludeReader includes) => Plan(Check(source, includes));

    /// <summary>Checks and plans a policy file; its includes are read beside it.</summary>
    public static PlannedPolicy LoadFile(string path) => Load(SourceText.FromFile(path), new IncludeReader());
}
