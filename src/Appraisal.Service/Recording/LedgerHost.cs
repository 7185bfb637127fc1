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
