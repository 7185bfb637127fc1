using Appraisal.Ledger.Tests;
using Newtonsoft.Json.Linq;

namespace Appraisal.Cli.Tests;

/// <summary><c>policy eval --record</c> into PostgreSQL, given by its connection string; <c>policy history</c> reads it back.</summary>
[Collection(PostgresCollection.Name)]
public sealed class EvalRecordOnPostgresTests(PostgresServer server)
{
    [Fact]
    public async Task Records_into_a_PostgreSQL_ledger()
    {
        var connectionString = await server.CreateDatabaseAsync();
        try
        {
            using var workspace = new Workspace();
            workspace.Write("p.policy", "policy 加班 period month\ninput { 小时: number in 0..100 }\noutput 加班费: money round 0.01 = 小时 * 50 yuan\n");
            workspace.Write("f.json", """{ "小时": 3 }""");

            var result = workspace.Run("eval", "p.policy", "--facts", "f.json", "--period", "2026-04", "--ledger", connectionString,
                "--record", "--subject", "emp-9", "--request-id", "pg-eval-1");

            Assert.True(result.ExitCode == 0, result.ToString());
            Assert.DoesNotContain("Password", result.Stdout + result.Stderr, StringComparison.OrdinalIgnoreCase);
            var history = workspace.Run("history", "--ledger", connectionString, "--subject", "emp-9", "--format", "json");
            var entry = Assert.Single(JArray.Parse(history.Stdout));
            Assert.Equal(("p", "150.00"), ((string?)entry["policyId"], (string?)entry["outputs"]!["加班费"]));
        }
        finally
        {
            await server.DropDatabaseAsync(connectionString);
        }
    }
}
