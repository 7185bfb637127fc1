
namespace Appraisal.Engine.Statements;

/// <summary>
/// What a statement says about the evaluation besides its outcome: whose it is, for which period, under which version
/// hash, and on which date. Every field is optional; what is not given is left off the page.
/// </summary>
public sealed record StatementContext
{
    /// <summary>The appraised person or unit (<c>--subject</c>, <c>subject_id</c>).</summary>
    public string Subject { get; init; } = "";
    /// <summary>The appraised period in canonical form (<c>2026-Q2</c>).</summary>
    public string Period { get; init; } = "";
    /// <summary>The content hash of the policy version that answered (<see cref="PolicyHash"/>).</summary>
    public string VersionHash { get; init; } = "";
    /// <summary>The date the statement is of: the day of the evaluation, or of the record.</summary>
    public DateOnly? Date { get; init; }
    /// <summary>The request id the outcome was recorded under, when it was.</summary>
    public string RequestId { get; init; } = "";
}
