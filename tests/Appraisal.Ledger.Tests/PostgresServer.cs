using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Appraisal.Ledger.Tests;

[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresServer>
{
    public const string Name = "PostgreSQL server";
}

/// <summary>
/// A PostgreSQL server for the tests: the one in <c>LEDGER_POSTGRES</c> (an Npgsql connection string whose user may
/// CREATE DATABASE), or else a private instance started with <c>.ci/postgres.sh</c> in a temporary directory on a free
/// port and stopped afterwards. If neither works, every PostgreSQL test fails with the reason.
/// </summary>
public sealed class PostgresServer : IAsyncLifetime
{
    public const string EnvironmentVariable = "LEDGER_POSTGRES";

    private string? _dataDirectory;

    public string AdminConnectionString { get; private set; } = "";

    public async Task InitializeAsync()
    {
        var configured = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(configured))
        {
            AdminConnectionString = configured;
        }
        else
        {
            _dataDirectory = Path.Combine(Path.GetTempPath(), "ledger-pg-" + Guid.NewGuid().ToString("N"));
            var port = FreePort();
            await RunScriptAsync("start", _dataDirectory, port.ToString(System.Globalization.CultureInfo.InvariantCulture));
            AdminConnectionString = $"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres";
        }
        try
        {
            await using var connection = new NpgsqlConnection(AdminConnectionString);
            await connection.OpenAsync();
        }
        catch (Exception e) when (e is NpgsqlException or SocketException or TimeoutException)
        {
            throw new InvalidOperationException($"The PostgreSQL server for the ledger tests does not answer ({Describe()}): {e.Message}", e);
        }
    }

    /// <summary>Creates an empty database with a random name and returns a connection string to it.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var name = "ledger_test_" + Guid.NewGuid().ToString("N");
        await ExecuteAdminAsync($"CREATE DATABASE {name}");
        return new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = name }.ToString();
    }

    public async Task DropDatabaseAsync(string connectionString)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        await ExecuteAdminAsync($"DROP DATABASE IF EXISTS {name} WITH (FORCE)");
    }

    private async Task ExecuteAdminAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    public async Task DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        if (_dataDirectory is null) return;
        await RunScriptAsync("stop", _dataDirectory);
        Directory.Delete(_dataDirectory, recursive: true);
    }

    private string Describe() => _dataDirectory is null
        ? $"{EnvironmentVariable}={new NpgsqlConnectionStringBuilder(AdminConnectionString) { Password = null }}"
        : $"private instance in {_dataDirectory}";

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task RunScriptAsync(params string[] arguments)
    {
        var script = Path.Combine(RepositoryPaths.Root, ".ci", "postgres.sh");
        // From the repository, not the process's current directory: a test may have moved into a folder it then deletes
        // (the CLI tests run the tool inside a scratch workspace), and PostgreSQL's tools refuse a directory that is gone.
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = RepositoryPaths.Root };
        start.ArgumentList.Add(script);
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("bash could not be started");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
            throw new InvalidOperationException(
                $"PostgreSQL could not be started for the ledger tests: `{script} {string.Join(' ', arguments)}` exited with {process.ExitCode}. " +
                $"Install postgresql-15 or set {EnvironmentVariable} to a server where the tests may CREATE DATABASE.\n{await output}{await error}");
    }
}
