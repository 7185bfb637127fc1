using System.Collections.Immutable;
using Appraisal.Engine;
using Appraisal.Engine.Testing;
using Appraisal.Ledger;
using Appraisal.Ledger.Registry;
using Appraisal.Policy.Semantics;
using Appraisal.Service.Recording;

namespace Appraisal.Service.Registry;

/// <summary>
/// The policies as the ledger's registry publishes them (<c>Policies:Source = registry</c>): every instance sharing the
/// ledger serves the same versions. Each published version is read from the registry once, checked and planned again
/// on this engine (a version that no longer checks clean or passes its tests is not served, and says why), and a policy's
/// entry carries all its publications, so an evaluation takes the one in force for its period. A new snapshot is built
/// whole and swapped in at once, as hot reload does; while the ledger cannot be read, the last one keeps serving.
/// </summary>
public sealed class RegistryCatalog(PublicationBook book, LedgerHost host, TimeProvider clock, ILogger<RegistryCatalog> logger, CompiledTiers tiers)
    : IPolicyCatalog
{
    private ImmutableSortedDictionary<string, PolicyEntry> _entries = ImmutableSortedDictionary.Create<string, PolicyEntry>(StringComparer.Ordinal);

    /// <summary>Versions read from the registry, by policy id and hash; kept for the life of the process (they never change).</summary>
    private readonly Dictionary<(string PolicyId, string Version), Loaded> _loaded = [];

    private sealed record Loaded(CheckedPolicy? Check, PolicyVersion? Version, string Problem, ImmutableArray<FailedTest> FailedTests);

    public IReadOnlyCollection<PolicyEntry> Entries => Volatile.Read(ref _entries).Values.ToList();

    public PolicyEntry? Find(string id) => Volatile.Read(ref _entries).GetValueOrDefault(id);

    public string Source => PoliciesOptions.RegistrySource;

    public string Description => "the policy registry in " + (host.Ledger?.Description ?? "no ledger");

    /// <summary>The day (UTC) the snapshot's current versions are those in force on; null before the first sync.</summary>
    public DateOnly? BuiltFor { get; private set; }

    /// <summary>
    /// Builds the snapshot from the publications in the book, reading versions not yet loaded from the ledger, and swaps
    /// it in. Called by the <see cref="PublicationWatcher"/> only, one at a time. A ledger failure leaves the last snapshot.
    /// </summary>
    internal async Task SyncAsync(CancellationToken cancellationToken)
    {
        var ledger = host.Ledger ?? throw new InvalidOperationException("Serving from the registry needs the ledger.");
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var before = Volatile.Read(ref _entries);
        var after = ImmutableSortedDictionary.CreateBuilder<string, PolicyEntry>(StringComparer.Ordinal);
        foreach (var publications in book.All.GroupBy(p => p.PolicyId, StringComparer.Ordinal))
        {
            var published = ImmutableArray.CreateBuilder<PublishedVersion>();
            foreach (var publication in publications)
            {
                var loaded = await LoadAsync(ledger, publication.PolicyId, publication.Version, cancellationToken);
                published.Add(new PublishedVersion(publication, loaded.Version, loaded.Problem));
            }
            if (Entry(publications.Key, published.ToImmutable(), today) is not { } entry) continue;
            after[entry.Id] = entry;
            Report(before.GetValueOrDefault(entry.Id), entry, today);
        }
        Volatile.Write(ref _entries, after.ToImmutable());
        BuiltFor = today;
    }

    /// <summary>A published version, read, checked and planned once.</summary>
    private async Task<Loaded> LoadAsync(ILedger ledger, string policyId, string version, CancellationToken cancellationToken)
    {
        if (_loaded.TryGetValue((policyId, version), out var known)) return known;
        var stored = await ledger.FindVersionAsync(policyId, version, cancellationToken);
        var loaded = stored is null
            ? new Loaded(null, null, $"the registry keeps no files for version {version}", [])
            : Load(stored);
        if (loaded.Version is null) logger.LogError("Published version {Version} of {Id} cannot be served: {Problem}", version, policyId, loaded.Problem);
        // Counted like a policy file the directory watcher checks: once per version read, loaded or broken.
        ServiceTelemetry.PolicyReloaded(policyId, loaded.Version is null ? "broken" : "loaded");
        _loaded[(policyId, version)] = loaded;
        return loaded;
    }

    private Loaded Load(StoredVersion stored)
    {
        var (check, plan, problem) = PolicyRegistry.Load(stored);
        if (plan is null) return new Loaded(check, null, problem!.En, []);
        var failed = FailedTest.Of(plan);
        if (!failed.IsEmpty)
            return new Loaded(check, null, $"{failed.Length} of its tests fail on this engine: {failed[0].MessageEn}", failed);
        return new Loaded(check, new PolicyVersion(stored.Version, plan, stored.Source, stored.SourcePath, tiers), "", []);
    }

    /// <summary>
    /// A policy's entry: the version in force today is current; every other published version can be pinned. What it
    /// shows of itself (name, period, diagnostics) is the version in force today, or before the first effective date,
    /// the first to take effect. Null when the registry has the files of none of its versions.
    /// </summary>
    private PolicyEntry? Entry(string id, ImmutableArray<PublishedVersion> published, DateOnly today)
    {
        var publications = published.Select(p => p.Publication).ToList();
        var inForce = PolicyRegistry.InForce(publications, id, today);
        var shown = inForce ?? PolicyRegistry.InForce(publications, id, publications.Min(p => p.EffectiveFrom))!;
        var shownLoaded = _loaded[(id, shown.Version)];
        var check = shownLoaded.Check ?? published.Reverse().Select(p => _loaded[(id, p.Publication.Version)].Check).FirstOrDefault(c => c is not null);
        if (check is null)
        {
            logger.LogError("Policy {Id} is published but the registry keeps the files of none of its versions; it is not served", id);
            return null;
        }
        var current = inForce is null ? null : published.Last(p => p.Publication.Id == inForce.Id).Version;
        var earlier = published.Reverse().Select(p => p.Version).OfType<PolicyVersion>()
            .Where(v => v.Hash != current?.Hash).DistinctBy(v => v.Hash).ToImmutableList();
        return new PolicyEntry(id, shown.Version, shown.Version, check, current, earlier, shownLoaded.FailedTests)
        {
            Published = published, Scheduled = inForce is null,
        };
    }

    /// <summary>Logs what a new snapshot changes for a policy: the version in force today, or that none is.</summary>
    private void Report(PolicyEntry? before, PolicyEntry after, DateOnly today)
    {
        if (before is not null && before.Current?.Hash == after.Current?.Hash && before.Published.Length == after.Published.Length) return;
        if (after.Current is { } current)
        {
            var publication = PolicyRegistry.InForce(after.Published.Select(p => p.Publication), after.Id, today)!;
            logger.LogInformation("Policy {Id}: version {Version} in force (publication {Publication}, effective {Effective:yyyy-MM-dd}); {Count} publication(s)",
                after.Id, current.Hash, publication.Id, publication.EffectiveFrom, after.Published.Length);
        }
        else if (after.Scheduled)
            logger.LogInformation("Policy {Id}: published, first in force on {Effective:yyyy-MM-dd}", after.Id, after.Published.Min(p => p.Publication.EffectiveFrom));
        else
            logger.LogError("Policy {Id}: the version in force today cannot be served", after.Id);
    }
}
