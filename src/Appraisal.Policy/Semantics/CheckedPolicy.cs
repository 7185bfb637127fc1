using System.Collections.Immutable;
using System.Diagnostics;
using Appraisal.Policy.Diagnostics;
using Appraisal.Policy.Syntax;

namespace Appraisal.Policy.Semantics;

/// <summary>A policy file after every check: its AST, what its names and expressions mean, and its diagnostics.</summary>
/// <param name="Stages">Each stage that ran, in order, with its time.</param>
public sealed record CheckedPolicy(PolicyFile File, SemanticModel Model, ImmutableArray<Diagnostic> Diagnostics, ImmutableArray<StageTime> Stages)
{
    public bool HasErrors => Diagnostics.Any(d => d.IsError);
}
