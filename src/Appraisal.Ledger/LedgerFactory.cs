namespace Appraisal.Ledger;

/// <summary>The ledger's settings (configuration section <c>Ledger</c>).</summary>
public sealed class LedgerOptions
{
    public const string SectionName = "Ledger";

    /// <summary>False: the host records nothing and opens no ledger.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary><c>sqlite</c> (embedded, the default) or <c>postgres</c>.</summary>
    public string Provider { get; set; } = "sqlite";

    /// <summary>SQLite: the folder of <c>ledger.db</c>; relative to the host's content root.</summary>
    public string DataDirectory { get; set; } = "data";

    /// <summary>PostgreSQL: an Npgsql connection string.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Days after which facts and explanations are erased; 0 keeps them.</summary>
    public int FactsRetentionDays { get; set; }

    /// <summary>Days after which whole records are deleted; 0 keeps them.</summary>
    public int RecordsRetentionDays { get; set; }

    /// <summary>The retention these settings ask for.</summary>
    public RetentionPolicy Retention => new(Days(FactsRetentionDays), Days(RecordsRetentionDays));

    private static TimeSpan? Days(int days) => days > 0 ? TimeSpan.FromDays(days) : null;
}

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
