namespace Appraisal.Ledger;

/// <summary>
/// Which policy version produced which outcome, when, and from which request: every filter that is set must match.
/// Ordered by time of recording, oldest first.
/// </summary>
public sealed record AuditQuery
{
    public string? RequestId { get; init; }
    public string? SubjectId { get; init; }
    public string? PolicyId { get; init; }
    public string? PolicyVersion { get; init; }
    /// <summary>The appraised period in canonical form (<c>2026-Q2</c>).</summary>
    public string? Period { get; init; }
    /// <summary>The members of one group evaluated together (<see cref="LedgerRecord.GroupId"/>).</summary>
    public string? GroupId { get; init; }
    public DateTimeOffset? Since { get; init; }
    public DateTimeOffset? Until { get; init; }
    public int Limit { get; init; } = 1000;
}
