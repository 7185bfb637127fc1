using Appraisal.Ledger;

namespace Appraisal.Cli;

/// <summary>
/// The <c>--ledger</c> value of <c>eval</c> and <c>history</c>: the path of a SQLite file, or a PostgreSQL connection
/// string (<c>Host=…;Database=…</c>), the same ledger the service records into.
/// </summary>
internal static class LedgerArgument
{
    public const string Description = "The ledger: a SQLite file (ledger.db) or a PostgreSQL connection string (Host=…;Database=…)";

    /// <summary>A PostgreSQL connection string rather than the path of a SQLite file.</summary>
    public static bool IsConnectionString(string ledger) => ledger.Contains('=') && ledger.Contains("Host", StringComparison.OrdinalIgnoreCase);

    /// <summary>Opens a ledger that exists already: never created or migrated (for reading).</summary>
    public static async Task<ILedger> OpenExistingAsync(string ledger) => IsConnectionString(ledger)
        ? await PostgresLedger.OpenExistingAsync(ledger)
        : await SqliteLedger.OpenExistingAsync(ledger);

    /// <summary>Opens a ledger to record into, as the service does: a SQLite file is created when missing, either store migrated.</summary>
    public static async Task<ILedger> OpenAsync(string ledger) => IsConnectionString(ledger)
        ? await PostgresLedger.OpenAsync(ledger)
        : await SqliteLedger.OpenAsync(Path.GetFullPath(ledger));

    /// <summary>
    /// The faults of opening or using a ledger that a command reports as a message naming the ledger (never with its
    /// connection string): not a ledger of this schema, a bad argument, the file or the server refusing.
    /// </summary>
    public static bool IsLedgerError(Exception e) =>
        e is LedgerSchemaException or ArgumentException or Microsoft.Data.Sqlite.SqliteException or IOException or UnauthorizedAccessException
            or Npgsql.NpgsqlException;

    /// <summary>How a ledger is named in a message: the file, or "the PostgreSQL ledger" (a connection string may hold a password).</summary>
    public static string Name(string ledger) => IsConnectionString(ledger) ? "the PostgreSQL ledger" : ledger;
}
