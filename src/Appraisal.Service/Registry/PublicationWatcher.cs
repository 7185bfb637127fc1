using System.Data.Common;
using Appraisal.Ledger;
using Appraisal.Service.Recording;
using Microsoft.Extensions.Options;

namespace Appraisal.Service.Registry;

/// <summary>
/// Keeps the <see cref="PublicationBook"/> current, and in registry mode the <see cref="RegistryCatalog"/>: reads the
/// publications made after the last one it has, waits for the next (PostgreSQL <c>LISTEN/NOTIFY</c>, SQLite polling
/// each second) and again; rebuilds the catalog when one arrives or the day changes (a publication may take effect
/// today). A ledger that cannot be read is logged and tried again shortly; what was served keeps serving.
/// </summary>
public sealed class PublicationWatcher(PublicationBook book, LedgerHost host, IPolicyCatalog catalog, IOptions<PoliciesOptions> options,
    TimeProvider clock, ILogger<PublicationWatcher> logger) : BackgroundService
{
    private readonly SemaphoreSlim _refresh = new(1, 1);
    private readonly TimeSpan _wait = TimeSpan.FromSeconds(Math.Max(1, options.Value.RegistryWaitSeconds));
    private static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Reads new publications and, in registry mode, rebuilds the catalog when something changed; returns when the new
    /// snapshot serves. Called at start-up (before the first request), by the watch loop, and after a publication made
    /// through this service (so it serves it before replying). Throws what the ledger throws.
    /// </summary>
    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        if (host.Ledger is not { } ledger) return;
        await _refresh.WaitAsync(cancellationToken);
        try
        {
            var later = await ledger.PublicationsAsync(null, book.LastId, cancellationToken);
            book.Add(later);
            if (catalog is RegistryCatalog registry
                && (later.Count > 0 || registry.BuiltFor != DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime)))
                await registry.SyncAsync(cancellationToken);
        }
        finally
        {
            _refresh.Release();
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (host.Ledger is not { } ledger) return;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await ledger.WaitForPublicationsAsync(_wait, stoppingToken);
                await RefreshAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e) when (e is DbException or LedgerUnusableException or TimeoutException)
            {
                logger.LogWarning("Reading publications from {Ledger} failed ({Message}); still serving what was read, trying again in {Seconds} s",
                    ledger.Description, e.Message, RetryAfter.TotalSeconds);
                try
                {
                    await Task.Delay(RetryAfter, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        }
    }

    public override void Dispose()
    {
        _refresh.Dispose();
        base.Dispose();
    }
}
