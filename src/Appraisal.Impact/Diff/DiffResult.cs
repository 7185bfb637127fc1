using Appraisal.Impact.Teams;

namespace Appraisal.Impact.Diff;

/// <summary>
/// A comparison, or why there is none: the population's bad cells (at most <see cref="DiffOptions.MaxErrors"/> of
/// them kept, <see cref="ErrorCount"/> counting all). A bad cell is the user's file, never an exception.
/// </summary>
public sealed record DiffResult(DiffReport? Report, IReadOnlyList<TeamError> Errors, int ErrorCount)
{
    public bool IsValid => Report is not null;
}
