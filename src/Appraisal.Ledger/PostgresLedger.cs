using System.Data.Common;
using Npgsql;

namespace Appraisal.Ledger;

/// <summary>
/// The shared ledger on PostgreSQL, for several service instances over one database. Every write transaction first
/// takes a transaction-scoped advisory lock, so "max revision + 1" and the request-id check are decided by one writer
/// at a time across all processes (group commit keeps that cheap); the insert also does nothing on a unique clash and
/// is decided again, so a clash is never an exception. Migrations run under their own advisory lock.
/// </summary>
public sealed class PostgresLedger : SqlLedger
{
    // Advisory lock keys: arbitrary constants, the same in every instance.
    private const long AppendLockKey = 0x4C45_4447_4552_0001; // "LEDGER" 1
    private const long MigrationLockKey = 0x4C45_4447_4552_0002;

    private static readonly LedgerStatements Statements = new(
        CreateSchemaVersionTable: """
            CREATE TABLE IF NOT EXISTS ledger_schema_version (
                version    integer     NOT NULL PRIMARY KEY,
                applied_at timestamptz NOT NULL DEFAULT now()
            )
            """,
        SchemaVersionTableExists: "SELECT COUNT(*) FROM pg_catalog.pg_tables WHERE schemaname = current_schema() AND tablename = 'ledger_schema_version'",
        Migrations:
        [
            // 1: the records, with the period split out (kind, ordinal) for range queries. Ids compare by code point
            // (COLLATE "C"), as in SQLite, so orderings agree between the stores.
            """
            CREATE TABLE ledger_records (
                id                  bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                request_id          text        COLLATE "C" NOT NULL,
                subject_id          text        COLLATE "C" NOT NULL,
                policy_id           text        COLLATE "C" NOT NULL,
                period              text        COLLATE "C" NOT NULL,
                period_kind         text        COLLATE "C" NOT NULL,
                period_ordinal      integer     NOT NULL,
                revision            integer     NOT NULL,
                policy_version      text        NOT NULL,
                declared_version    text        NOT NULL,
                facts_json          text,
                outputs_json        text        NOT NULL,
                outputs_detail_json text        NOT NULL,
                explanation_json    text,
                explanation_text    text,
                language            text        NOT NULL,
                request_hash        text        NOT NULL,
                history_source      text        NOT NULL,
                recorded_at         timestamptz NOT NULL,
                erased_at           timestamptz
            );
            CREATE UNIQUE INDEX ux_ledger_records_request_id ON ledger_records (request_id);
            CREATE UNIQUE INDEX ux_ledger_records_revision ON ledger_records (policy_id, subject_id, period, revision);
            CREATE INDEX ix_ledger_records_history ON ledger_records (subject_id, policy_id, period_kind, period_ordinal);
            CREATE INDEX ix_ledger_records_recorded_at ON ledger_records (recorded_at);
            """,
        ]);

    private readonly NpgsqlDataSource _dataSource;

    private PostgresLedger(NpgsqlDataSource dataSource, string description) : base(description)
    {
        _dataSource = dataSource;
    }

    protected override LedgerStatements Sql => Statements;

    /// <summary>Opens the ledger in the database of <paramref name="connectionString"/> and migrates it (under an advisory lock).</summary>
    public static async Task<PostgresLedger> OpenAsync(string connectionString, CancellationToken cancellationToken = default)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        // The ledger runs the same few statements over and over: let Npgsql prepare them on each connection (unless the
        // connection string says otherwise), and skip the session reset on returning a connection to the pool (the
        // ledger changes no session state).
        if (!connectionString.Contains("Auto Prepare", StringComparison.OrdinalIgnoreCase) &&
            !connectionString.Contains("AutoPrepare", StringComparison.OrdinalIgnoreCase))
        {
            builder.MaxAutoPrepare = 32;
            builder.AutoPrepareMinUsages = 2;
        }
        if (!connectionString.Contains("Reset", StringComparison.OrdinalIgnoreCase)) builder.NoResetOnClose = true;
        var description = $"postgres:{builder.Host}:{builder.Port}/{builder.Database ?? builder.Username}";
        var ledger = new PostgresLedger(NpgsqlDataSource.Create(builder), description);
        try
        {
            await ledger.MigrateAsync(cancellationToken);
            await ledger.RequireUsableAsync(cancellationToken);
            return ledger;
        }
        catch (Exception)
        {
            await ledger.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Opens an existing ledger for reading (tools): never creates or migrates the schema; a database whose schema is not
    /// this program's is a <see cref="LedgerSchemaException"/>.
    /// </summary>
    public static async Task<PostgresLedger> OpenExistingAsync(string connectionString, CancellationToken cancellationToken = default)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        var ledger = new PostgresLedger(NpgsqlDataSource.Create(builder), $"postgres:{builder.Host}:{builder.Port}/{builder.Database ?? builder.Username}");
        try
        {
            await ledger.RequireCurrentSchemaAsync(cancellationToken);
            return ledger;
        }
        catch (Exception)
        {
            await ledger.DisposeAsync();
            throw;
        }
    }

    protected override async ValueTask<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken) =>
        await _dataSource.OpenConnectionAsync(cancellationToken);

    protected override async Task<DbTransaction> BeginWriteAsync(DbConnection connection, WritePurpose purpose, CancellationToken cancellationToken)
    {
        var transaction = await connection.BeginTransactionAsync(cancellationToken);
        try
        {
            using var command = Command(connection, transaction, "SELECT pg_advisory_xact_lock(@key)");
            AddParameter(command, "key", purpose == WritePurpose.Migration ? MigrationLockKey : AppendLockKey);
            await command.ExecuteNonQueryAsync(cancellationToken);
            return transaction;
        }
        catch (Exception)
        {
            await transaction.DisposeAsync();
            throw;
        }
    }

    protected override void SetTime(DbParameter parameter, DateTimeOffset? value)
    {
        ((NpgsqlParameter)parameter).NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.TimestampTz;
        parameter.Value = value is { } time ? time.ToUniversalTime() : DBNull.Value;
    }

    protected override DateTimeOffset ReadTime(DbDataReader reader, int ordinal) =>
        reader.GetFieldValue<DateTimeOffset>(ordinal).ToUniversalTime();

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await _dataSource.DisposeAsync();
    }
}
