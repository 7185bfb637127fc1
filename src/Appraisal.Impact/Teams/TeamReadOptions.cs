using System.Collections.Immutable;

namespace Appraisal.Impact.Teams;

/// <summary>How a team file is read.</summary>
public sealed record TeamReadOptions
{
    public static TeamReadOptions Default { get; } = new();

    /// <summary>
    /// The headers that name the subject id column, in order of preference (Latin ones compared ignoring case). A header
    /// that is also an input of the policy is the input, not the subject.
    /// </summary>
    public ImmutableArray<string> SubjectHeaders { get; init; } = ["工号", "员工编号", "subject", "id"];
}
