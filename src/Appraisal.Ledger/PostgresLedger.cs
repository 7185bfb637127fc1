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
            // 2: the policy registry (every version that answered or was published, and the publications, both
            // append-only), and what a record needs to be replayed: the engine that evaluated, why that version, the
            // earlier periods it read, the group it was evaluated in.
            """
            CREATE TABLE policy_versions (
                policy_id        text        COLLATE "C" NOT NULL,
                version          text        COLLATE "C" NOT NULL,
                declared_version text        NOT NULL,
                source_path      text        NOT NULL,
                source_json      text        NOT NULL,
                first_seen_at    timestamptz NOT NULL,
                PRIMARY KEY (policy_id, version)
            );
            CREATE TABLE policy_publications (
                id             bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                policy_id      text        COLLATE "C" NOT NULL,
                version        text        COLLATE "C" NOT NULL,
                effective_from text        COLLATE "C" NOT NULL,
                published_by   text        NOT NULL,
                published_at   timestamptz NOT NULL,
                message        text        NOT NULL,
                FOREIGN KEY (policy_id, version) REFERENCES policy_versions (policy_id, version)
            );
            CREATE INDEX ix_policy_publications_policy ON policy_publications (policy_id, effective_from);
            CREATE FUNCTION policy_registry_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                RAISE EXCEPTION 'the policy registry is append-only: % on % refused (publish a correction)', TG_OP, TG_TABLE_NAME;
            END $$;
            CREATE TRIGGER policy_versions_append_only BEFORE UPDATE OR DELETE ON policy_versions
                FOR EACH ROW EXECUTE FUNCTION policy_registry_refuse_change();
            CREATE TRIGGER policy_versions_no_truncate BEFORE TRUNCATE ON policy_versions
                FOR EACH STATEMENT EXECUTE FUNCTION policy_registry_refuse_change();
            CREATE TRIGGER policy_publications_append_only BEFORE UPDATE OR DELETE ON policy_publications
                FOR EACH ROW EXECUTE FUNCTION policy_registry_refuse_change();
            CREATE TRIGGER policy_publications_no_truncate BEFORE TRUNCATE ON policy_publications
                FOR EACH STATEMENT EXECUTE FUNCTION policy_registry_refuse_change();
            ALTER TABLE ledger_records ADD COLUMN engine_version text NOT NULL DEFAULT '';
            ALTER TABLE ledger_records ADD COLUMN version_basis text NOT NULL DEFAULT '';
            ALTER TABLE ledger_records ADD COLUMN earlier_json text;
            ALTER TABLE ledger_records ADD COLUMN group_id text COLLATE "C";
            CREATE INDEX ix_ledger_records_group ON ledger_records (group_id) WHERE group_id IS NOT NULL;
            CREATE INDEX ix_ledger_records_period ON ledger_records (policy_id, period);
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

    /// <summary>The channel on which a publication is announced to every instance (its payload: the publication id).</summary>
    public const string PublicationChannel = "policy_publications";

    private readonly SemaphoreSlim _listening = new(1, 1);
    private NpgsqlConnection? _listener;

    protected override async Task AnnouncePublicationAsync(DbConnection connection, DbTransaction transaction, long id, CancellationToken cancellationToken)
    {
        using var notify = Command(connection, transaction, "SELECT pg_notify(@channel, @payload)");
        AddParameter(notify, "channel", PublicationChannel);
        AddParameter(notify, "payload", id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await notify.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// Waits on a connection of its own that LISTENs to <see cref="PublicationChannel"/>: any instance's publication
    /// wakes it at once. A broken connection is dropped and opened again at the next call; until then, this waits as
    /// SQLite does (the caller reads the publications either way, so nothing is missed).
    /// </summary>
    public override async Task WaitForPublicationsAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        await _listening.WaitAsync(cancellationToken);
        try
        {
            if (_listener is null)
            {
                var listener = await _dataSource.OpenConnectionAsync(cancellationToken);
                try
                {
                    await using var listen = new NpgsqlCommand($"LISTEN {PublicationChannel}", listener);
                    await listen.ExecuteNonQueryAsync(cancellationToken);
                }
                catch (Exception)
                {
                    await listener.DisposeAsync();
                    throw;
                }
                _listener = listener;
                return; // listening from now on: the caller reads what was published before
            }
            try
            {
                await _listener.WaitAsync(timeout, cancellationToken);
            }
            catch (Exception e) when (e is NpgsqlException or IOException or InvalidOperationException)
            {
                await _listener.DisposeAsync();
                _listener = null;
                await base.WaitForPublicationsAsync(timeout, cancellationToken);
            }
        }
        finally
        {
            _listening.Release();
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
        if (_listener is not null) await _listener.DisposeAsync();
        _listening.Dispose();
        await _dataSource.DisposeAsync();
    }
}
