using System.Collections.Immutable;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Appraisal.Engine.Planning;
using Appraisal.Policy.Diagnostics;
using Appraisal.Policy.Semantics;
using Appraisal.Policy.Text;

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

/// <summary>
/// The one way from policy text to a plan that evaluates, in stages a reader follows top to bottom: <see cref="Check"/>
/// (parse, includes, then every pass of <see cref="Compiler.Passes"/>), then <see cref="Plan"/>. Each stage returns its
/// result with its diagnostics and its time; a mistake in the policy is a diagnostic, never an exception. Hosts (the
/// command line, the service) and the tests go through here, not to the checker and planner themselves.
/// </summary>
public static class PolicyPipeline
{
    /// <summary>Parses and checks; includes are read through <paramref name="includes"/>.</summary>
    public static CheckedPolicy Check(SourceText source, IncludeReader includes) => Compiler.Check(source, includes);

    /// <summary>Plans a checked policy; a policy with errors gets no plan (its diagnostics say why).</summary>
    public static PlannedPolicy Plan(CheckedPolicy checkedPolicy)
    {
        if (checkedPolicy.HasErrors) return new PlannedPolicy(checkedPolicy, null, checkedPolicy.Stages);
        var clock = Stopwatch.StartNew();
        var plan = Planner.Plan(checkedPolicy);
        return new PlannedPolicy(checkedPolicy, plan, checkedPolicy.Stages.Add(new StageTime(nameof(Planner), clock.Elapsed)));
    }

    /// <summary>Checks and plans policy text.</summary>
    public static PlannedPolicy Load(SourceText source, IncludeReader includes) => Plan(Check(source, includes));

    /// <summary>Checks and plans a policy file; its includes are read beside it.</summary>
    public static PlannedPolicy LoadFile(string path) => Load(SourceText.FromFile(path), new IncludeReader());

    /// <summary>
    /// The version of a checked policy, as every host names it (the service, the command line, the ledger): the first
    /// 16 hex digits of the SHA-256 of its text, or, when it includes libraries, of its text and theirs (each named by
    /// its path from the policy's folder), so an edit to a library makes a new version of every policy that includes it,
    /// and the same files give the same version wherever they are read from.
    /// </summary>
    public static string VersionOf(CheckedPolicy checkedPolicy)
    {
        var file = checkedPolicy.File.Source;
        if (checkedPolicy.Model.Libraries.Length == 0) return Hash(file.Text);
        var folder = Path.GetDirectoryName(Path.GetFullPath(file.Path)) ?? "";
        var all = new StringBuilder(file.Text);
        foreach (var library in checkedPolicy.Model.Libraries)
        {
            var name = Path.GetRelativePath(folder, Path.GetFullPath(library.Source.Path)).Replace(Path.DirectorySeparatorChar, '/');
            all.Append('\0').Append(name).Append('\0').Append(library.Source.Text);
        }
        return Hash(all.ToString());
    }

    /// <summary>The first 16 hex digits of the SHA-256 of a text's UTF-8 bytes.</summary>
    public static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..16];
}
