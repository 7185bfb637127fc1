using System.Collections.Immutable;
using Appraisal.Engine.Testing;
using Appraisal.Ledger.Registry;
using Appraisal.Policy.Semantics;

namespace Appraisal.Service;

/// <summary>
/// One policy as the service knows it. From the policy directory: the check of the file now on disk and the last good
/// version, which keeps answering while the file is broken. From the registry: its publications, each with the version
/// it published, the one in force today as <see cref="Current"/>.
/// </summary>
/// <param name="Id">The path under the policy directory without <c>.policy</c>, with <c>/</c> separators.</param>
/// <param name="TextHash">The hash of the file's text, to notice changes.</param>
/// <param name="FileHash">The version of the file on disk: <see cref="PolicyStore.Hash"/> of its text (and of the libraries it includes).
/// From the registry: the version in force today (or, before the first effective date, the first to take effect).</param>
/// <param name="FileCheck">The check of the file on disk (its diagnostics); from the registry, of the version <paramref name="FileHash"/> names.</param>
/// <param name="Current">The version that answers, null when no version of the file has ever checked clean (from the
/// registry: when none is in force today, or the one in force cannot be served).</param>
/// <param name="Earlier">Earlier good versions, newest first, for callers that pin one (from the registry: every other published version).</param>
/// <param name="FailedTests">The policy's own tests that fail on the file's version (which is then not served); empty when they pass or the file has errors.</param>
public sealed record PolicyEntry(string Id, string TextHash, string FileHash, CheckedPolicy FileCheck, PolicyVersion? Current, ImmutableList<PolicyVersion> Earlier,
    ImmutableArray<FailedTest> FailedTests)
{
    /// <summary>From the registry: every publication of the policy, oldest first, with the version each published; empty for a policy file.</summary>
    public ImmutableArray<PublishedVersion> Published { get; init; } = [];

    /// <summary>From the registry, and no publication is in force yet today.</summary>
    public bool Scheduled { get; init; }

    public PolicyState State => Scheduled ? PolicyState.Scheduled
        : Current is null ? PolicyState.Broken : Current.Hash == FileHash ? PolicyState.Ready : PolicyState.Stale;

    /// <summary>The current version, or the pinned one if it is still kept; null when there is no such version.</summary>
    public PolicyVersion? Version(string? hash) =>
        string.IsNullOrEmpty(hash) ? Current
        : Current?.Hash == hash ? Current
        : Earlier.FirstOrDefault(v => v.Hash == hash);
}

/// <summary>
/// A publication and the version it published, as this service loaded it from the registry: <see cref="Version"/> is
/// null when the version cannot be served here (<see cref="Problem"/> says why: its files no longer check clean or its
/// tests fail on this engine, or the registry lost them).
/// </summary>
public sealed record PublishedVersion(Publication Publication, PolicyVersion? Version, string Problem);
