using System.Collections.Immutable;
using Appraisal.Policy.Diagnostics;
using Appraisal.Policy.Semantics;

namespace Appraisal.Policy.Tooling;

/// <summary>What checking a set of files found: each file's result, and every diagnostic in print order.</summary>
public sealed record CheckReport(ImmutableArray<CheckedPolicy> Policies, ImmutableArray<Diagnostic> Diagnostics)
{
    public int ErrorCount => Diagnostics.Count(d => d.IsError);
    public int WarningCount => Diagnostics.Count(d => !d.IsError);
    public bool HasErrors => ErrorCount > 0;
}
