namespace Appraisal.Ledger.Recording;

/// <summary>A group's answer: each member's, in the order the members were given.</summary>
public sealed record GroupAnswer(string PolicyId, string Version, string DeclaredVersion, IReadOnlyList<MemberAnswer> Members)
{
    /// <summary>Why that version answered (<see cref="ServedPolicy.Basis"/>; for a retry, the recorded reason).</summary>
    public string Basis { get; init; } = "served";
}
