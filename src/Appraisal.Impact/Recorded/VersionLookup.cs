using Appraisal.Impact.Diff;
using Appraisal.Policy.Text;

namespace Appraisal.Impact.Recorded;

/// <summary>
/// A registry reference resolved: the version (a <see cref="DiffVersion"/> whose <see cref="DiffVersion.Source"/> names
/// the reference, the policy id and the publication), or why there is none, in both languages, naming the reference.
/// </summary>
public sealed record VersionLookup(VersionLookupStatus Status, DiffVersion? Version, Bilingual? Problem)
{
    public bool IsFound => Status == VersionLookupStatus.Found;

    internal static VersionLookup Failed(VersionLookupStatus status, Bilingual problem) => new(status, null, problem);
}
