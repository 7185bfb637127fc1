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
}
