using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace Appraisal.Ledger;

/// <summary>
/// The embedded ledger: one SQLite file in WAL mode with synchronous=FULL (a completed append survives a power cut).
/// Writes go through the batching writer, each batch in one BEGIN IMMEDIATE transaction; reads use their own pooled
/// connections and run beside it. Times are stored as microseconds since 1970-01-01 UTC.
/// </summary>
public sealed class SqliteLedger : SqlLedger
{
    private const int BusyTimeoutMilliseconds = 30_000;

    private static readonly LedgerStatements Statements = new(
        CreateSchemaVersionTable: """
            CREATE TABLE IF NOT EXISTS ledger_schema_version (
                version    INTEGER NOT NULL PRIMARY KEY,
                applied_at TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
            )
            """,
        SchemaVersionTableExists: "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'ledger_schema_version'",
        Migrations:
        [
            // 1: the records, with the period split out (kind, ordinal) for range queries.
            """
            CREATE TABLE ledger_records (
                id                  INTEGER PRIMARY KEY,
                request_id          TEXT    NOT NULL,
                subject_id          TEXT    NOT NULL,
                policy_id           TEXT    NOT NULL,
                period              TEXT    NOT NULL,
                period_kind         TEXT    NOT NULL,
                period_ordinal      INTEGER NOT NULL,
                revision            INTEGER NOT NULL,
                policy_version      TEXT    NOT NULL,
                declared_version    TEXT    NOT NULL,
                facts_json          TEXT,
                outputs_json        TEXT    NOT NULL,
                outputs_detail_json TEXT    NOT NULL,
                explanation_json    TEXT,
                explanation_text    TEXT,
                language            TEXT    NOT NULL,
                request_hash        TEXT    NOT NULL,
                history_source      TEXT    NOT NULL,
                recorded_at         INTEGER NOT NULL, -- microseconds since 1970-01-01 UTC
                erased_at           INTEGER           -- microseconds since 1970-01-01 UTC, set by retention
            ) STRICT;
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
                policy_id        TEXT    NOT NULL,
                version          TEXT    NOT NULL,
                declared_version TEXT    NOT NULL,
                source_path      TEXT    NOT NULL,
                source_json      TEXT    NOT NULL,
                first_seen_at    INTEGER NOT NULL, -- microseconds since 1970-01-01 UTC
                PRIMARY KEY (policy_id, version)
            ) STRICT;
            CREATE TABLE policy_publications (
                id             INTEGER PRIMARY KEY,
                policy_id      TEXT    NOT NULL,
                version        TEXT    NOT NULL,
                effective_from TEXT    NOT NULL, -- yyyy-MM-dd
                published_by   TEXT    NOT NULL,
                published_at   INTEGER NOT NULL, -- microseconds since 1970-01-01 UTC
                message        TEXT    NOT NULL,
                FOREIGN KEY (policy_id, version) REFERENCES policy_versions (policy_id, version)
            ) STRICT;
            CREATE INDEX ix_policy_publications_policy ON policy_publications (policy_id, effective_from);
            CREATE TRIGGER policy_versions_no_update BEFORE UPDATE ON policy_versions
                BEGIN SELECT RAISE(ABORT, 'the policy registry is append-only: a kept version is never changed'); END;
            CREATE TRIGGER policy_versions_no_delete BEFORE DELETE ON policy_versions
                BEGIN SELECT RAISE(ABORT, 'the policy registry is append-only: a kept version is never deleted'); END;
            CREATE TRIGGER policy_publications_no_update BEFORE UPDATE ON policy_publications
                BEGIN SELECT RAISE(ABORT, 'the policy registry is append-only: a publication is never changed (publish a correction)'); END;
            CREATE TRIGGER policy_publications_no_delete BEFORE DELETE ON policy_publications
                BEGIN SELECT RAISE(ABORT, 'the policy registry is append-only: a publication is never deleted (publish a correction)'); END;
            ALTER TABLE ledger_records ADD COLUMN engine_version TEXT NOT NULL DEFAULT '';
            ALTER TABLE ledger_records ADD COLUMN version_basis TEXT NOT NULL DEFAULT '';
            ALTER TABLE ledger_records ADD COLUMN earlier_json TEXT;
            ALTER TABLE ledger_records ADD COLUMN group_id TEXT;
            CREATE INDEX ix_ledger_records_group ON ledger_records (group_id) WHERE group_id IS NOT NULL;
            CREATE INDEX ix_ledger_records_period ON ledger_records (policy_id, period);
            """,
        ],
        // Damaged pages (an index, the free list…) otherwise surface only at the first write that touches them.
        IntegrityCheck: "PRAGMA quick_check");

    private readonly string _connectionString;

    private SqliteLedger(string path, SqliteOpenMode mode) : base("sqlite:" + path)
    {
        Path = path;
        _connectionString = new SqliteConnectionStringBuilder { DataSource = path, Mode = mode, Pooling = true }.ToString();
    }

    /// <summary>The database file.</summary>
    public string Path { get; }

    protected override LedgerStatements Sql => Statements;

    /// <summary>
    /// Opens (creating the file and its directory if needed) and migrates the ledger at <paramref name="path"/>, then
    /// checks that it can be written and is not damaged (<see cref="LedgerUnusableException"/> when not).
    /// </summary>
    public static async Task<SqliteLedger> OpenAsync(string path, CancellationToken cancellationToken = default)
    {
        var fullPath = System.IO.Path.GetFullPath(path);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(fullPath)!);
        var ledger = new SqliteLedger(fullPath, SqliteOpenMode.ReadWriteCreate);
        try
        {
            await using (var connection = await ledger.OpenConnectionAsync(cancellationToken))
            {
                await ExecuteAsync(connection, null, "PRAGMA journal_mode = WAL", cancellationToken);
            }
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
    /// Opens an existing ledger for reading (tools): never creates the file and never migrates; a missing file is a
    /// <see cref="FileNotFoundException"/>, a file that is not a ledger of this schema a <see cref="LedgerSchemaException"/>.
    /// </summary>
    public static async Task<SqliteLedger> OpenExistingAsync(string path, CancellationToken cancellationToken = default)
    {
        var fullPath = System.IO.Path.GetFullPath(path);
        if (!File.Exists(fullPath)) throw new FileNotFoundException($"ledger file not found: {path}", path);
        var ledger = new SqliteLedger(fullPath, SqliteOpenMode.ReadWrite);
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

    protected override async ValueTask<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            // Per connection: wait for the write lock instead of failing, and fsync at every commit.
            await ExecuteAsync(connection, null, $"PRAGMA busy_timeout = {BusyTimeoutMilliseconds}; PRAGMA synchronous = FULL", cancellationToken);
            return connection;
        }
        catch (Exception)
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    protected override Task<DbTransaction> BeginWriteAsync(DbConnection connection, WritePurpose purpose, CancellationToken cancellationToken) =>
        // BEGIN IMMEDIATE: the write lock is taken at once, so "max revision + 1" cannot race another writer.
        Task.FromResult<DbTransaction>(((SqliteConnection)connection).BeginTransaction(deferred: false));

    protected override void SetTime(DbParameter parameter, DateTimeOffset? value) =>
        parameter.Value = value is { } time ? (time.UtcTicks - DateTime.UnixEpoch.Ticks) / 10 : DBNull.Value;

    protected override DateTimeOffset ReadTime(DbDataReader reader, int ordinal) =>
        new(DateTime.UnixEpoch.Ticks + reader.GetInt64(ordinal) * 10, TimeSpan.Zero);

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        // Close the pooled connections: the file is released (and its WAL checkpointed) when the ledger is disposed.
        using var connection = new SqliteConnection(_connectionString);
        SqliteConnection.ClearPool(connection);
    }
}
