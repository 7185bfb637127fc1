using Appraisal.Engine.Versions;

namespace Appraisal.Ledger.Registry;

/// <summary>
/// A policy version kept in the registry: its files, content-addressed by <see cref="Version"/> (their hash), under the
/// policy id it answered or was published as. Kept forever; never changed.
/// </summary>
/// <param name="PolicyId">The policy id, e.g. <c>after-sales/售后客服考核</c>.</param>
/// <param name="Version">The version hash (<see cref="Engine.PolicyHash"/>) of <paramref name="Source"/>.</param>
/// <param name="Source">The policy's text and its libraries'.</param>
/// <param name="DeclaredVersion">The version the policy declares (<c>version 2026.1</c>), or empty.</param>
/// <param name="SourcePath">Where it was first read from (a file path, or <c>rpc:</c> for text sent to the service).</param>
/// <param name="FirstSeenAt">When it was first kept (UTC, to the microsecond; set by the ledger's caller).</param>
public sealed record StoredVersion(string PolicyId, string Version, PolicySource Source, string DeclaredVersion, string SourcePath,
    DateTimeOffset FirstSeenAt);
