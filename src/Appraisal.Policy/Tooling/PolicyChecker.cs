using System.Collections.Immutable;
using Appraisal.Policy.Diagnostics;
using Appraisal.Policy.Semantics;
using Appraisal.Policy.Text;

namespace Appraisal.Policy.Tooling;

/// <summary>Runs <see cref="Checker.Check(SourceText, IncludeReader)"/> over files; what `policy check` and the service share.</summary>
public static class PolicyChecker
{
    public static CheckReport CheckFiles(IEnumerable<string> paths) =>
        Check(paths.Select(SourceText.FromFile));

    public static CheckReport Check(IEnumerable<SourceText> sources)
    {
        var policies = sources.Select(Checker.Check).ToImmutableArray();
        // Files keep their given order; within a file, diagnostics are in position order.
        var diagnostics = policies.SelectMany(p => p.Diagnostics).ToImmutableArray();
        return new CheckReport(policies, diagnostics);
    }
}
