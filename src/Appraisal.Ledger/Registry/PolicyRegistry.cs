using Appraisal.Engine;
using Appraisal.Engine.Planning;
using Appraisal.Policy.Diagnostics;
using Appraisal.Policy.Semantics;
using Appraisal.Policy.Text;

namespace Appraisal.Ledger.Registry;

/// <summary>
/// Which published version is in force: of a policy's publications, the latest whose effective date is on or before
/// the day asked about (of two with the same date, the later publication). And how a kept version becomes a plan again.
/// </summary>
public static class PolicyRegistry
{
    /// <summary>The publication in force on <paramref name="day"/>; null when none is effective yet.</summary>
    public static Publication? InForce(IEnumerable<Publication> publications, string policyId, DateOnly day) =>
        publications
            .Where(p => p.PolicyId == policyId && p.EffectiveFrom <= day)
            .OrderBy(p => p.EffectiveFrom).ThenBy(p => p.Id)
            .LastOrDefault();

    /// <summary>
    /// The plan of a kept version: its files checked again in memory (includes read only from the kept files) and
    /// planned; or why there is none — it no longer checks with this engine, or its files hash to another version (the
    /// registry is damaged). The one way replay, the diff and any host turn a stored version into something that evaluates.
    /// </summary>
    public static (PolicyPlan? Plan, Bilingual? Problem) Plan(StoredVersion kept)
    {
        var (_, plan, problem) = Load(kept);
        return (plan, problem);
    }

    /// <summary><see cref="Plan"/>, with the check of the kept files (its diagnostics, for a host that shows them).</summary>
    public static (CheckedPolicy Check, PolicyPlan? Plan, Bilingual? Problem) Load(StoredVersion kept)
    {
        ArgumentNullException.ThrowIfNull(kept);
        var check = kept.Source.Check();
        if (check.HasErrors)
        {
            var error = check.Diagnostics.First(d => d.IsError);
            return (check, null, new Bilingual($"the kept version {kept.Version} no longer checks with this engine: {error.Message(Language.En)}",
                $"登记簿中的版本 {kept.Version} 已无法通过当前引擎的检查：{error.Message(Language.Zh)}"));
        }
        var hash = PolicyHash.Of(check);
        if (hash != kept.Version)
            return (check, null, new Bilingual($"the kept files of version {kept.Version} hash to {hash}: the registry is damaged",
                $"版本 {kept.Version} 的存档文件哈希为 {hash}：登记簿已损坏"));
        return (check, PolicyPipeline.Plan(check).Plan, null);
    }
}
