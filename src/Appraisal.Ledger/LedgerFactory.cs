namespace Appraisal.Ledger;

/// <summary>Opens the ledger the options describe.</summary>
public static class LedgerFactory
{
    public const string SqliteFileName = "ledger.db";

    public static async Task<ILedger> OpenAsync(LedgerOptions options, string contentRoot, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!options.Enabled) throw new InvalidOperationException("The ledger is disabled (Ledger:Enabled is false).");
        if (options.FactsRetentionDays < 0 || options.RecordsRetentionDays < 0)
            throw new ArgumentException("Ledger retention days must be 0 (keep) or more.", nameof(options));
        switch (options.Provider.Trim().ToLowerInvariant())
        {
            case "sqlite":
                var directory = Path.GetFullPath(options.DataDirectory, contentRoot);
                return await SqliteLedger.OpenAsync(Path.Combine(directory, SqliteFileName), cancellationToken);
            case "postgres" or "postgresql":
                if (string.IsNullOrWhiteSpace(options.ConnectionString))
                    throw new ArgumentException("Ledger:ConnectionString is required when Ledger:Provider is postgres.", nameof(options));
                return await PostgresLedger.OpenAsync(options.ConnectionString, cancellationToken);
            default:
                throw new ArgumentException($"Ledger:Provider '{options.Provider}' is not known (use sqlite or postgres).", nameof(options));
        }
    }
}
