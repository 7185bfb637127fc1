using System.Collections.Immutable;
using Appraisal.Engine.Testing;
using Appraisal.Policy.Semantics;
using Microsoft.Extensions.Options;

namespace Appraisal.Service;

/// <summary>
/// One policy file as the store knows it: the check of the file now on disk and the last good version, which keeps
/// answering while the file is broken.
/// </summary>
/// <param name="Id">The path under the policy directory without <c>.policy</c>, with <c>/</c> separators.</param>
/// <param name="TextHash">The hash of the file's text, to notice changes.</param>
/// <param name="FileHash">The version of the file on disk: <see cref="PolicyStore.Hash"/> of its text (and of the libraries it includes).</param>
/// <param name="FileCheck">The check of the file on disk (its diagnostics).</param>
/// <param name="Current">The version that answers, null when no version of the file has ever checked clean.</param>
/// <param name="Earlier">Earlier good versions, newest first, for callers that pin one.</param>
/// <param name="FailedTests">The policy's own tests that fail on the file's version (which is then not served); empty when they pass or the file has errors.</param>
public sealed record PolicyEntry(string Id, string TextHash, string FileHash, CheckedPolicy FileCheck, PolicyVersion? Current, ImmutableList<PolicyVersion> Earlier,
    ImmutableArray<FailedTest> FailedTests)
{
    public PolicyState State => Current is null ? PolicyState.Broken : Current.Hash == FileHash ? PolicyState.Ready : PolicyState.Stale;

    /// <summary>The current version, or the pinned one if it is still kept; null when there is no such version.</summary>
    public PolicyVersion? Version(string? hash) =>
        string.IsNullOrEmpty(hash) ? Current
        : Current?.Hash == hash ? Current
        : Earlier.FirstOrDefault(v => v.Hash == hash);
}
