using Microsoft.Extensions.Options;

namespace Appraisal.Service.Recording;

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
