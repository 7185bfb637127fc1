using System.Collections.Immutable;
using Appraisal.Engine;
using Appraisal.Engine.Compilation;
using Appraisal.Engine.Evaluation;
using Appraisal.Engine.Planning;
using Appraisal.Engine.Testing;
using Appraisal.Engine.Values;
using Appraisal.Engine.Versions;
using Appraisal.Policy.Diagnostics;
using Appraisal.Policy.Semantics;
using Appraisal.Policy.Text;
using Microsoft.Extensions.Options;

namespace Appraisal.Service;

/// <summary>
/// Every policy under the policy directory, checked and planned. Reads take an immutable snapshot; a rescan
/// re-checks only files whose content changed and swaps the new snapshot in at once. A file that no longer checks
/// clean never replaces its last good version.
/// </summary>
public sealed class PolicyStore : IPolicyCatalog
{
    private readonly ILogger<PolicyStore> _logger;
    private readonly CompiledTiers? _tiers;
    private readonly int _keptVersions;
    private readonly Lock _rescan = new();
    private ImmutableSortedDictionary<string, PolicyEntry> _entries = ImmutableSortedDictionary.Create<string, PolicyEntry>(StringComparer.Ordinal);

    public PolicyStore(IOptions<PoliciesOptions> options, IHostEnvironment environment, ILogger<PolicyStore> logger, CompiledTiers? tiers = null)
    {
        _logger = logger;
        _tiers = tiers;
        _keptVersions = Math.Max(0, options.Value.KeptVersions);
        Directory = ResolveDirectory(options.Value.Directory, environment.ContentRootPath);
        if (!System.IO.Directory.Exists(Directory))
            _logger.LogWarning("Policy directory {Directory} does not exist; no policies are served until it does", Directory);
        Rescan();
    }

    /// <summary>The full path of the policy directory.</summary>
    public string Directory { get; }

    /// <summary>Every policy, ordered by id.</summary>
    public IReadOnlyCollection<PolicyEntry> Entries => Volatile.Read(ref _entries).Values.ToList();

    public PolicyEntry? Find(string id) => Volatile.Read(ref _entries).GetValueOrDefault(id);

    public string Source => PoliciesOptions.DirectorySource;

    public string Description => Directory;

    /// <summary>
    /// Reads every <c>*.policy</c> file, re-checks those whose content changed and publishes the result.
    /// Runs one at a time; never on the request path except at start-up.
    /// </summary>
    public void Rescan()
    {
        lock (_rescan)
        {
            var before = Volatile.Read(ref _entries);
            var files = new List<(string Id, string Relative, string Text, string TextHash)>();
            var unreadable = new HashSet<string>(StringComparer.Ordinal);
            foreach (var path in PolicyFiles())
            {
                var relative = Path.GetRelativePath(Directory, path).Replace('\\', '/');
                var id = relative[..^".policy".Length];
                try
                {
                    var text = File.ReadAllText(path);
                    files.Add((id, relative, text, Hash(text)));
                }
                catch (IOException e)
                {
                    // Being written or removed right now: keep what we have; the next event or rescan will see it.
                    _logger.LogDebug("Could not read {Path}: {Message}", relative, e.Message);
                    unreadable.Add(id);
                }
                catch (UnauthorizedAccessException e)
                {
                    _logger.LogWarning("Cannot read policy {Id}: {Message}", id, e.Message);
                }
            }
            var present = files.Select(f => f.Id).Concat(unreadable).ToHashSet(StringComparer.Ordinal);
            var removed = before.Keys.Where(id => !present.Contains(id)).ToList();
            // A policy that includes libraries is re-checked whenever any file changed: the change may be in a library.
            var anyChange = removed.Count > 0 || files.Any(f => before.GetValueOrDefault(f.Id)?.TextHash != f.TextHash);

            var after = before.ToBuilder();
            foreach (var (id, relative, text, textHash) in files)
            {
                var known = before.GetValueOrDefault(id);
                if (known?.TextHash == textHash && !(anyChange && known.FileCheck.Model.Libraries.Length > 0)) continue;
                var loaded = Load(id, relative, text, textHash, known);
                if (loaded is not null) after[id] = loaded;
            }
            foreach (var id in removed)
            {
                after.Remove(id);
                if (before[id].Current is { } current) current.Release();
                foreach (var version in before[id].Earlier) version.Release();
                _logger.LogInformation("Policy {Id} removed", id);
                ServiceTelemetry.PolicyReloaded(id, "removed");
            }
            Volatile.Write(ref _entries, after.ToImmutable());
        }
    }

    /// <summary>Checks and plans one file; null when it is a re-check of an unchanged policy and its libraries.</summary>
    private PolicyEntry? Load(string id, string relativePath, string text, string textHash, PolicyEntry? known)
    {
        var check = PolicyPipeline.Check(new SourceText(relativePath, text), new IncludeReader(Directory));
        var hash = PolicyHash.Of(check); // the engine's version hash, shared with the command line and the embedding API
        if (known?.FileHash == hash) return null;
        PolicyVersion? good = null;
        var failedTests = ImmutableArray<FailedTest>.Empty;
        if (!check.HasErrors)
        {
            try
            {
                var plan = PolicyPipeline.Plan(check).Plan!; // checks clean, so it is planned
                // A version whose own tests fail is not served: like a check error, it never replaces the last good one.
                failedTests = FailedTest.Of(plan);
                if (failedTests.IsEmpty) good = new PolicyVersion(hash, plan, PolicySource.From(check, id), Path.Combine(Directory, relativePath), _tiers);
            }
            catch (Exception e) when (e is InvalidOperationException or NotSupportedException)
            {
                _logger.LogError(e, "Policy {Id} checks clean but could not be planned", id);
            }
        }
        if (good is not null)
        {
            var candidates = known?.Current is { } previous ? known.Earlier.Insert(0, previous) : known?.Earlier ?? [];
            var earlier = candidates.RemoveAll(v => v.Hash == hash);
            if (earlier.Count > _keptVersions) earlier = earlier.RemoveRange(_keptVersions, earlier.Count - _keptVersions);
            foreach (var dropped in candidates.Except(earlier)) dropped.Release();
            _logger.LogInformation("Policy {Id} loaded: version {Version}{Warnings}", id, hash,
                check.Diagnostics.Length > 0 ? $", {check.Diagnostics.Length} warning(s)" : "");
            ServiceTelemetry.PolicyReloaded(id, "loaded");
            return new PolicyEntry(id, textHash, hash, check, good, earlier, []);
        }
        var errors = check.Diagnostics.Where(d => d.IsError).ToList();
        var problems = failedTests.IsEmpty ? $"{errors.Count} error(s)" : $"{failedTests.Length} failing test(s)";
        var described = failedTests.IsEmpty ? Describe(errors) : string.Join("; ", failedTests.Take(5).Select(t => t.MessageEn));
        ServiceTelemetry.PolicyReloaded(id, known?.Current is not null ? "kept_last_good" : "broken");
        if (known?.Current is { } kept)
            _logger.LogWarning("Policy {Id} (file version {FileVersion}) has {Problems}; still serving version {Version}: {Errors}",
                id, hash, problems, kept.Hash, described);
        else
            _logger.LogError("Policy {Id} (file version {FileVersion}) has {Problems} and no good version: {Errors}",
                id, hash, problems, described);
        return new PolicyEntry(id, textHash, hash, check, known?.Current, known?.Earlier ?? [], failedTests);
    }

    private static string Describe(IEnumerable<Diagnostic> diagnostics) =>
        string.Join("; ", diagnostics.Take(5).Select(d =>
        {
            var (line, column) = d.Span.StartPosition;
            return $"{d.Span.File}({line},{column}): {d.Code} {d.Message()}";
        }));

    /// <summary>
    /// The policy files under the directory, without those that lead out of it: a symbolic link (of the file or of a
    /// folder on its way) to something outside the directory is skipped with a warning naming the path, never read.
    /// </summary>
    private IEnumerable<string> PolicyFiles()
    {
        if (!System.IO.Directory.Exists(Directory)) return [];
        List<string> found;
        try
        {
            found = System.IO.Directory.EnumerateFiles(Directory, "*.policy", SearchOption.AllDirectories)
                .Order(StringComparer.Ordinal).ToList();
        }
        catch (IOException e)
        {
            _logger.LogWarning("Could not list {Directory}: {Message}", Directory, e.Message);
            return [];
        }
        var inside = new List<string>(found.Count);
        var outside = new HashSet<string>(StringComparer.Ordinal);
        foreach (var path in found)
        {
            var relative = Path.GetRelativePath(Directory, path);
            string? leadsTo;
            try
            {
                leadsTo = RealPath.IsInside(path, Directory) ? null : RealPath.Of(path);
            }
            catch (IOException e)
            {
                leadsTo = $"an unresolvable link ({e.Message})";
            }
            if (leadsTo is null)
            {
                inside.Add(path);
                continue;
            }
            outside.Add(relative);
            if (_linksOutside.Add(relative)) // once per file, not at every rescan
                _logger.LogWarning("Not serving {Path}: it is a link to {Target}, outside the policy directory", relative, leadsTo);
        }
        _linksOutside.IntersectWith(outside); // a link fixed and broken again is reported again
        return inside;
    }

    private readonly HashSet<string> _linksOutside = new(StringComparer.Ordinal);

    /// <summary>The version hash of a policy text: the first 16 hex digits of the SHA-256 of its UTF-8 bytes (<see cref="PolicyHash.Of(string)"/>).</summary>
    public static string Hash(string text) => PolicyHash.Of(text);

    /// <summary>The configured directory, or the nearest <c>policies/</c> at or above the content root.</summary>
    public static string ResolveDirectory(string? configured, string contentRoot)
    {
        if (!string.IsNullOrWhiteSpace(configured)) return Path.GetFullPath(configured, contentRoot);
        foreach (var start in new[] { contentRoot, AppContext.BaseDirectory })
        {
            for (var folder = new DirectoryInfo(Path.GetFullPath(start)); folder is not null; folder = folder.Parent)
            {
                var candidate = Path.Combine(folder.FullName, "policies");
                if (System.IO.Directory.Exists(candidate)) return candidate;
            }
        }
        return Path.GetFullPath("policies", contentRoot);
    }
}
