using Npgsql;

namespace Appraisal.Ledger.Tests;

/// <summary>The ledger contract on PostgreSQL, one fresh database per test.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresLedgerTests(PostgresServer server) : LedgerContract
{
    private string _connectionString = "";

    protected override async Task CreateStoreAsync() => _connectionString = await server.CreateDatabaseAsync();

    protected override async Task<ILedger> OpenAsync() => await PostgresLedger.OpenAsync(_connectionString);

    protected override async Task ExecuteSqlAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    protected override async Task<long> ScalarAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }

    protected override Task DeleteStoreAsync() => server.DropDatabaseAsync(_connectionString);

    [Fact]
    public void Description_names_host_and_database_but_never_the_password()
    {
        Assert.StartsWith("postgres:", Ledger.Description);
        Assert.Contains(new NpgsqlConnectionStringBuilder(_connectionString).Database!, Ledger.Description);
        Assert.DoesNotContain("secret", Ledger.Description);
        Assert.DoesNotContain("Password", Ledger.Description, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Instances_starting_together_migrate_once()
    {
        var fresh = await server.CreateDatabaseAsync();
        try
        {
            var ledgers = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => PostgresLedger.OpenAsync(fresh))));
            foreach (var ledger in ledgers) await ledger.DisposeAsync();

            await using var connection = new NpgsqlConnection(fresh);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("SELECT COUNT(*) FROM ledger_schema_version", connection);
            Assert.Equal(2L, await command.ExecuteScalarAsync()); // the two schema versions, each once
        }
        finally
        {
            await server.DropDatabaseAsync(fresh);
        }
    }
}
