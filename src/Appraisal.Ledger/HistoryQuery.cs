namespace Appraisal.Ledger;

/// <summary>
/// Records of one subject, optionally narrowed to one policy and a period range (inclusive, same period kind as the
/// bounds). <see cref="AllRevisions"/> false gives only the latest revision of each subject, policy and period.
/// Ordered by policy, period, revision.
/// </summary>
public sealed record HistoryQuery(string SubjectId)
{
    public string? PolicyId { get; init; }
    public string? FromPeriod { get; init; }
    public string? ToPeriod { get; init; }
    public bool AllRevisions { get; init; }
    public int Limit { get; init; } = 1000;
}
