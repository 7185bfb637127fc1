using Appraisal.Ledger;
using Microsoft.Extensions.Options;

namespace Appraisal.Service.Recording;

/// <summary>
/// The ledger the service records into (configuration section <c>Ledger</c>): a SQLite file under
/// <c>Ledger:DataDirectory</c> by default, PostgreSQL when <c>Ledger:Provider</c> is <c>postgres</c> with a
/// <c>Ledger:ConnectionString</c>, or none when <c>Ledger:Enabled</c> is false. Opened (and migrated) when the host
/// builds, before anything listens; closed after the last in-flight call, so every acknowledged record is committed.
/// </summary>
public sealed class LedgerHost : IAsyncDisposable
{
    private LedgerHost(ILedger? ledger, LedgerOptions options)
    {
        Ledger = ledger;
        Options = options;
    }

    /// <summary>Null when the ledger is turned off.</summary>
    public ILedger? Ledger { get; }

    public LedgerOptions Options { get; }

    public static LedgerHost Open(IOptions<LedgerOptions> options, IHostEnvironment environment, ILogger<LedgerHost> logger)
    {
        var settings = options.Value;
        if (!settings.Enabled)
        {
            logger.LogInformation("Ledger turned off (Ledger:Enabled = false): outcomes cannot be recorded");
            return new LedgerHost(null, settings);
        }
        var ledger = LedgerFactory.OpenAsync(settings, environment.ContentRootPath).GetAwaiter().GetResult();
        logger.LogInformation("Recording outcomes in {Ledger}", ledger.Description);
        return new LedgerHost(ledger, settings);
    }

    public ValueTask DisposeAsync() => Ledger?.DisposeAsync() ?? ValueTask.CompletedTask;
}

/// <summary>
/// Applies the retention of personal data at start and then every <c>Ledger:RetentionSweepMinutes</c> (default 60):
/// facts and explanations older than <c>Ledger:FactsRetentionDays</c> are erased, records older than
/// <c>Ledger:RecordsRetentionDays</c> are deleted (0: kept).
/// </summary>
public sealed class RetentionSweeper(LedgerHost host, TimeProvider clock, IConfiguration configuration, ILogger<RetentionSweeper> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (host.Ledger is not { } ledger) return;
        var policy = host.Options.Retention;
        if (policy.FactsFor is null && policy.RecordsFor is null) return;
        var every = TimeSpan.FromMinutes(Math.Max(1, configuration.GetValue("Ledger:RetentionSweepMinutes", 60)));
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var result = await ledger.ApplyRetentionAsync(policy, clock.GetUtcNow(), stoppingToken);
                if (result.Erased + result.Deleted > 0)
                    logger.LogInformation("Retention: erased the facts of {Erased} records, deleted {Deleted} records", result.Erased, result.Deleted);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "Retention sweep failed; it is tried again in {Minutes} minutes", every.TotalMinutes);
            }
            await Task.Delay(every, clock, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }
}
