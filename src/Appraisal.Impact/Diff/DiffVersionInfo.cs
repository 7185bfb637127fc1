namespace Appraisal.Impact.Diff;

/// <summary>A version as a report names it: its label, the policy's name and declared version, and its hash.</summary>
public sealed record DiffVersionInfo(string Label, string Policy, string? Version, string? Hash);
