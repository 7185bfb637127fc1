namespace Appraisal.Impact.Diff;

/// <summary>
/// The overall picture: how many subjects, how many changed (any output), unchanged, and could not be evaluated under
/// each version (with reasons); each output's summary; histograms of a score and a money output before and after.
/// </summary>
public sealed record DiffSummary
{
    public int Subjects { get; init; }
    public int Changed { get; init; }
    public int Unchanged { get; init; }
    /// <summary>Subjects not evaluated under at least one version (not compared).</summary>
    public int Failed { get; init; }
    public int FailedOld { get; init; }
    public int FailedNew { get; init; }
    public IReadOnlyList<FailureReason> OldFailures { get; init; } = [];
    public IReadOnlyList<FailureReason> NewFailures { get; init; } = [];
    public IReadOnlyList<OutputSummary> Outputs { get; init; } = [];
    public IReadOnlyList<Histogram> Histograms { get; init; } = [];
    /// <summary>How many changed subjects the report lists (at most <see cref="DiffOptions.MaxSubjectsKept"/>).</summary>
    public int Listed { get; init; }
    /// <summary>Set when the group was evaluated together (population rules).</summary>
    public PopulationInfo? Population { get; init; }
    /// <summary>Where the population came from (a team file, the ledger's records of a period), when the host said.</summary>
    public PopulationSource? Source { get; init; }
}
