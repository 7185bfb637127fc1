using Appraisal.Impact.Diff;
using Appraisal.Ledger;
using Appraisal.Ledger.Registry;
using Appraisal.Policy.Text;

namespace Appraisal.Impact.Recorded;

/// <summary>
/// Resolves <c>ledger:</c> references (<see cref="LedgerReference"/>) against the ledger's policy registry into versions
/// to compare: a kept version by its hash, or the published version in force on a day (<see cref="PolicyRegistry.InForce"/>),
/// its files checked again in memory and planned (<see cref="PolicyRegistry.Plan"/>, as replay does). The same for the
/// command line and the service; nothing here logs.
/// </summary>
public static class LedgerVersions
{
    /// <summary>Reads and resolves a reference as written (<c>ledger:grades/等级@2026-04-01</c>).</summary>
    /// <param name="today">The day a reference without <c>@</c> means.</param>
    public static async Task<VersionLookup> ResolveAsync(ILedger ledger, string reference, DateOnly today, CancellationToken cancellationToken = default)
    {
        var (parsed, error) = LedgerReference.Parse(reference);
        return parsed is null
            ? VersionLookup.Failed(VersionLookupStatus.Malformed, error!)
            : await ResolveAsync(ledger, parsed, today, cancellationToken);
    }

    /// <summary>Resolves a reference.</summary>
    /// <param name="today">The day a reference with neither hash nor date means.</param>
    public static async Task<VersionLookup> ResolveAsync(ILedger ledger, LedgerReference reference, DateOnly today,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        ArgumentNullException.ThrowIfNull(reference);
        var name = reference.ToString();
        var id = reference.PolicyId;
        StoredVersion? kept;
        Publication? publication = null;
        DateOnly? day = null;
        if (reference.Version is { } hash)
        {
            kept = await ledger.FindVersionAsync(id, hash, cancellationToken);
            if (kept is null)
                return VersionLookup.Failed(VersionLookupStatus.NotKept, new Bilingual(
                    $"{name}: the ledger's registry keeps no version {hash} of {id}",
                    $"{name}：台账登记簿中没有 {id} 的版本 {hash}"));
        }
        else
        {
            day = reference.Day ?? today;
            var on = DiffVersionSource.Date(day.Value);
            var publications = await ledger.PublicationsAsync(id, 0, cancellationToken);
            publication = PolicyRegistry.InForce(publications, id, day.Value);
            if (publication is null)
            {
                var first = publications.Where(p => p.PolicyId == id).OrderBy(p => p.EffectiveFrom).FirstOrDefault();
                return VersionLookup.Failed(VersionLookupStatus.NotInForce, first is null
                    ? new Bilingual($"{name}: {id} has never been published, so no version is in force on {on}",
                        $"{name}：{id} 从未发布，{on} 没有生效的版本")
                    : new Bilingual($"{name}: no version of {id} is in force on {on} (the first publication is in force from {DiffVersionSource.Date(first.EffectiveFrom)})",
                        $"{name}：{on} 没有生效的 {id} 版本（最早的发布自 {DiffVersionSource.Date(first.EffectiveFrom)} 起生效）"));
            }
            kept = await ledger.FindVersionAsync(id, publication.Version, cancellationToken);
            if (kept is null)
                return VersionLookup.Failed(VersionLookupStatus.Unusable, new Bilingual(
                    $"{name}: publication {publication.Id} names version {publication.Version}, which the registry does not keep: the registry is damaged",
                    $"{name}：发布 #{publication.Id} 指向的版本 {publication.Version} 不在登记簿中：登记簿已损坏"));
        }
        var (plan, problem) = PolicyRegistry.Plan(kept);
        if (plan is null)
            return VersionLookup.Failed(VersionLookupStatus.Unusable, new Bilingual($"{name}: {problem!.En}", $"{name}：{problem.Zh}"));
        var source = new DiffVersionSource
        {
            Kind = "ledger", Reference = name, PolicyId = id, Day = day, PublicationId = publication?.Id, EffectiveFrom = publication?.EffectiveFrom,
        };
        return new VersionLookup(VersionLookupStatus.Found, new DiffVersion(name, plan, kept.Version) { Source = source }, null);
    }
}
