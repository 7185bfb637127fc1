using System.Collections.Immutable;
using System.Diagnostics;
using Appraisal.Engine.Planning;
using Appraisal.Policy.Diagnostics;
using Appraisal.Policy.Semantics;

namespace Appraisal.Engine;

/// <summary>A policy taken as far as it goes: checked, and planned when it checks clean.</summary>
/// <param name="Checked">The check: the AST, the semantic model and every diagnostic.</param>
/// <param name="Plan">The evaluation tree; null when the policy has errors.</param>
/// <param name="Stages">Each stage that ran, in order, with its time: the parser, the includes, every pass of the checker, the planner.</param>
public sealed record PlannedPolicy(CheckedPolicy Checked, PolicyPlan? Plan, ImmutableArray<StageTime> Stages)
{
    public ImmutableArray<Diagnostic> Diagnostics => Checked.Diagnostics;
    public bool HasErrors => Checked.HasErrors;
}
