namespace Appraisal.Impact.Diff;

/// <summary>
/// A version as a report names it: its label, the policy's name and declared version, its hash, and where it came from
/// (a file or the ledger's registry) when the host said.
/// </summary>
public sealed record DiffVersionInfo(string Label, string Policy, string? Version, string? Hash)
{
    public DiffVersionSource? Source { get; init; }
}
