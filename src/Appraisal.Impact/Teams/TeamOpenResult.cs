using Appraisal.Policy.Text;

namespace Appraisal.Impact.Teams;

/// <summary>A team file opened (its header read), or every reason it cannot be: the file, its encoding, its header.</summary>
public sealed record TeamOpenResult(TeamFile? File, IReadOnlyList<TeamError> Errors)
{
    public bool IsValid => File is not null;

    internal static TeamOpenResult Fail(Bilingual message) => new(null, [new TeamError(null, null, null, message)]);
}
