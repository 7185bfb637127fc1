using Microsoft.Data.Sqlite;

namespace Appraisal.Ledger.Tests;

/// <summary>The ledger contract on SQLite, one file per test in a temporary directory.</summary>
public sealed class SqliteLedgerTests : LedgerContract
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "ledger-tests-" + Guid.NewGuid().ToString("N"));

    private string DatabasePath => Path.Combine(_directory, "data", "ledger.db");

    protected override Task CreateStoreAsync() => Task.CompletedTask; // the ledger creates the directory and the file

    protected override async Task<ILedger> OpenAsync() => await SqliteLedger.OpenAsync(DatabasePath);

    protected override async Task ExecuteSqlAsync(string sql)
    {
        await using var connection = await OpenRawAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    protected override async Task<long> ScalarAsync(string sql)
    {
        await using var connection = await OpenRawAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }

    private async Task<SqliteConnection> OpenRawAsync()
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = DatabasePath, Mode = SqliteOpenMode.ReadWrite, Pooling = false }.ToString());
        await connection.OpenAsync();
        return connection;
    }

    protected override Task DeleteStoreAsync()
    {
        if (Directory.Exists(_directory)) Directory.Delete(_directory, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task The_file_is_in_wal_mode_and_its_directory_is_created()
    {
        Assert.True(File.Exists(DatabasePath));
        Assert.Equal("sqlite:" + DatabasePath, Ledger.Description);
        await using var connection = await OpenRawAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode";
        Assert.Equal("wal", await command.ExecuteScalarAsync());
    }

    [Fact]
    public async Task Opening_an_existing_ledger_for_reading_never_creates_a_file()
    {
        var missing = Path.Combine(_directory, "missing.db");

        await Assert.ThrowsAsync<FileNotFoundException>(() => SqliteLedger.OpenExistingAsync(missing));

        Assert.False(File.Exists(missing));
        await using var reader = await SqliteLedger.OpenExistingAsync(DatabasePath);
        Assert.Empty(await reader.AuditAsync(new AuditQuery()));
    }

    [Fact]
    public async Task Opening_a_file_that_is_not_a_ledger_for_reading_is_refused()
    {
        var other = Path.Combine(_directory, "other.db");
        await using (var connection = new SqliteConnection($"Data Source={other};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "CREATE TABLE t (x)";
            await command.ExecuteNonQueryAsync();
        }

        var error = await Assert.ThrowsAsync<LedgerSchemaException>(() => SqliteLedger.OpenExistingAsync(other));

        Assert.Contains("is not a ledger", error.Message);
    }

    private static LedgerRecord Sample(string requestId, string subject) => new()
    {
        RequestId = requestId, SubjectId = subject, PolicyId = "p", Period = "2026-Q1", PolicyVersion = "v1",
        OutputsJson = "{}", RequestHash = "h-" + requestId, RecordedAt = DateTimeOffset.UnixEpoch,
    };

    /// <summary>A ledger of its own beside the contract's, written and closed, for the tests of opening one.</summary>
    private async Task<string> ClosedLedgerAsync(int records)
    {
        var path = Path.Combine(_directory, "closed", "ledger.db");
        await using (var ledger = await SqliteLedger.OpenAsync(path))
        {
            for (var i = 0; i < records; i++) await ledger.AppendAsync(Sample($"r{i}", $"subject-{i:D5}"));
        }
        SqliteConnection.ClearAllPools();
        return path;
    }

    [Fact]
    public async Task An_existing_ledger_that_cannot_be_written_is_refused_at_open_with_the_reason()
    {
        var path = await ClosedLedgerAsync(records: 1);
        using (new UnwritableFile(path))
        {
            var error = await Assert.ThrowsAnyAsync<Exception>(() => SqliteLedger.OpenAsync(path));
            Assert.Contains("cannot be written", error.Message);
            Assert.Contains(path, error.Message);
        }
        await using var writable = await SqliteLedger.OpenAsync(path); // and opens again once it can be written
        Assert.NotNull(await writable.FindAsync("r0"));
    }

    [Fact]
    public async Task Opening_leaves_nothing_behind_from_its_write_check()
    {
        var path = await ClosedLedgerAsync(records: 0);
        await using (var again = await SqliteLedger.OpenAsync(path)) { }
        SqliteConnection.ClearAllPools();
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT group_concat(version) FROM ledger_schema_version";
        Assert.Equal("1,2", await command.ExecuteScalarAsync());
    }

    [Fact]
    public async Task A_ledger_with_a_damaged_index_is_refused_at_open_with_the_reason()
    {
        var path = await ClosedLedgerAsync(records: 2000); // an index of several pages
        long pageSize, rootPage;
        await using (var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString()))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA wal_checkpoint(TRUNCATE)";
            await command.ExecuteNonQueryAsync();
            command.CommandText = "PRAGMA page_size";
            pageSize = (long)(await command.ExecuteScalarAsync())!;
            command.CommandText = "SELECT rootpage FROM sqlite_master WHERE name = 'ix_ledger_records_history'";
            rootPage = (long)(await command.ExecuteScalarAsync())!;
        }
        // Scribble over the index's root page past its header: the records themselves are untouched.
        await using (var file = new FileStream(path, FileMode.Open, FileAccess.ReadWrite))
        {
            file.Position = (rootPage - 1) * pageSize + 12;
            file.Write(Enumerable.Repeat((byte)0xA5, (int)pageSize - 12).ToArray());
        }

        var error = await Assert.ThrowsAsync<LedgerUnusableException>(() => SqliteLedger.OpenAsync(path));
        Assert.Contains("is damaged", error.Message);
        Assert.Contains(path, error.Message);
    }
}
