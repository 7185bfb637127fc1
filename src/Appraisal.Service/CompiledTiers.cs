using Appraisal.Engine;
using Appraisal.Engine.Compilation;
using Appraisal.Engine.Planning;
using Appraisal.Ledger;
using Microsoft.Extensions.Options;

namespace Appraisal.Service;

/// <summary>
/// Starts each policy version's compiled tier with the service's compile cache (<see cref="EngineOptions"/>) and logs
/// how it went: from the cache or compiled, and why an entry was rebuilt or could not be stored. The messages name the
/// policy version and the cache, never facts.
/// </summary>
public sealed class CompiledTiers
{
    private readonly ILogger<CompiledTiers> _logger;

    public CompiledTiers(IOptions<EngineOptions> options, IOptions<LedgerOptions> ledger, IHostEnvironment environment, ILogger<CompiledTiers> logger)
    {
        _logger = logger;
        var settings = options.Value;
        if (!settings.CompileCacheEnabled) return;
        Cache = new CompileCache(settings.ResolveDirectory(environment.ContentRootPath, ledger.Value.DataDirectory),
            settings.CompileCacheMaxEntries, settings.CompileCacheMaxMegabytes * 1024L * 1024);
        _logger.LogInformation("Compiled policies are cached in {Directory} (at most {Entries} entries, {Megabytes} MB)",
            Cache.Directory, Cache.MaxEntries, settings.CompileCacheMaxMegabytes);
    }

    /// <summary>The compile cache; null when <see cref="EngineOptions.CompileCacheEnabled"/> is false.</summary>
    public CompileCache? Cache { get; }

    /// <summary>The tiered evaluator of one version; its compilation, in the background, is logged when it ends.</summary>
    public TieredEvaluator Start(PolicyPlan plan, string version)
    {
        var evaluator = PolicyPipeline.Tier(plan, Cache);
        evaluator.Compilation.ContinueWith(_ => Report(evaluator, version), TaskScheduler.Default);
        return evaluator;
    }

    private void Report(TieredEvaluator evaluator, string version)
    {
        if (evaluator.CompilationError is { } error)
        {
            _logger.LogError(error, "Version {Version} stays on the tree evaluator: compiling it failed", version);
            return;
        }
        if (evaluator.Compiled is not { } compiled) return; // disposed before it was ready
        var result = compiled.Cache;
        var milliseconds = compiled.CompileTime.TotalMilliseconds;
        if (result.Outcome == CacheOutcome.Rebuilt)
            _logger.LogWarning("Version {Version}: its cached compiled code was unusable ({Fault}); compiled again in {Milliseconds:F0} ms and replaced",
                version, result.Fault, milliseconds);
        else
            _logger.LogDebug("Version {Version}: compiled tier ready in {Milliseconds:F0} ms ({Outcome})", version, milliseconds, result.Outcome);
        if (result.StoreError is { } storeError) _logger.LogWarning("Version {Version}: {Problem}", version, storeError);
    }
}
