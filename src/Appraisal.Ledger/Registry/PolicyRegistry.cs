namespace Appraisal.Ledger.Registry;

/// <summary>
/// Which published version is in force: of a policy's publications, the latest whose effective date is on or before
/// the day asked about (of two with the same date, the later publication).
/// </summary>
public static class PolicyRegistry
{
    /// <summary>The publication in force on <paramref name="day"/>; null when none is effective yet.</summary>
    public static Publication? InForce(IEnumerable<Publication> publications, string policyId, DateOnly day) =>
        publications
            .Where(p => p.PolicyId == policyId && p.EffectiveFrom <= day)
            .OrderBy(p => p.EffectiveFrom).ThenBy(p => p.Id)
            .LastOrDefault();
}
