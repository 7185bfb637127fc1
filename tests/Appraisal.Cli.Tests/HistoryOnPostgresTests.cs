using Appraisal.Ledger;
using Appraisal.Ledger.Tests;

namespace Appraisal.Cli.Tests;

/// <summary><c>policy history</c> reads a PostgreSQL ledger given by its connection string, as it reads a SQLite file.</summary>
[Collection(PostgresCollection.Name)]
public sealed class HistoryOnPostgresTests(PostgresServer server)
{
    private static LedgerRecord Record(string requestId, string period, int minutes) => new()
    {
        RequestId = requestId,
        SubjectId = "emp-7",
        PolicyId = "quarterly-pay/季度绩效工资",
        Period = period,
        PolicyVersion = "sha256:0123456789abcdef0123",
        DeclaredVersion = "2026.1",
        FactsJson = """{"迟到":2}""",
        OutputsJson = """{"绩效工资":"1200.50"}""",
        ExplanationText = "扣分 = 5 × 迟到 = 10",
        Language = "zh",
        RequestHash = "h-" + requestId,
        RecordedAt = new DateTimeOffset(2026, 4, 1, 9, 30 + minutes, 0, TimeSpan.Zero),
    };

    [Fact]
    public async Task Lists_what_a_PostgreSQL_ledger_recorded_for_a_subject()
    {
        var connectionString = await server.CreateDatabaseAsync();
        try
        {
            await using (var ledger = await PostgresLedger.OpenAsync(connectionString))
            {
                await ledger.AppendAsync(Record("pg-1", "2026-Q1", 0));
                await ledger.AppendAsync(Record("pg-2", "2026-Q2", 1));
            }
            using var workspace = new Workspace();
            var result = workspace.Run("history", "--ledger", connectionString, "--subject", "emp-7");
            Assert.True(result.ExitCode == 0, result.ToString());
            var lines = result.Stdout.ReplaceLineEndings("\n").TrimEnd('\n').Split('\n');
            Assert.Equal(2, lines.Length);
            Assert.StartsWith("2026-Q1  r1  quarterly-pay/季度绩效工资  0123456789ab  2026-04-01T09:30:00.000000Z  pg-1", lines[0]);
            Assert.StartsWith("2026-Q2  r1  ", lines[1]);

            var one = workspace.Run("history", "--ledger", connectionString, "--request", "pg-2", "--format", "json");
            Assert.True(one.ExitCode == 0, one.ToString());
            Assert.Contains("\"pg-2\"", one.Stdout);
        }
        finally
        {
            await server.DropDatabaseAsync(connectionString);
        }
    }

    [Fact]
    public async Task A_PostgreSQL_database_that_is_not_a_ledger_is_a_usage_error_and_nothing_is_created()
    {
        var connectionString = await server.CreateDatabaseAsync();
        try
        {
            using var workspace = new Workspace();
            var result = workspace.Run("history", "--ledger", connectionString, "--subject", "emp-7");
            Assert.Equal(2, result.ExitCode);
            Assert.Contains("is not a ledger", result.Stderr);
            Assert.DoesNotContain("Password", result.Stderr, StringComparison.OrdinalIgnoreCase);
            await using var connection = new Npgsql.NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            await using var tables = new Npgsql.NpgsqlCommand("SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'", connection);
            Assert.Equal(0L, Convert.ToInt64(await tables.ExecuteScalarAsync()));
        }
        finally
        {
            await server.DropDatabaseAsync(connectionString);
        }
    }
}
