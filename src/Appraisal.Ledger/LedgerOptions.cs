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
