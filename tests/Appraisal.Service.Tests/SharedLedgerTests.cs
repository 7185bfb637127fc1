using Appraisal.Ledger.Tests;
using Appraisal.Service.V1;

namespace Appraisal.Service.Tests;

/// <summary>
/// Two service processes on different loopback ports sharing one PostgreSQL ledger: what one records, the other reads.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class SharedLedgerTests(PostgresServer server)
{
    private const string QuarterlyPay = "quarterly-pay/季度绩效工资";

    [Fact]
    public async Task Q1_recorded_through_one_instance_drives_the_Q2_escalation_answered_by_the_other()
    {
        var database = await server.CreateDatabaseAsync();
        try
        {
            var settings = new Dictionary<string, string> { ["Ledger:Provider"] = "postgres", ["Ledger:ConnectionString"] = database };
            var starting = new[] { ServiceProcess.StartAsync(settings), ServiceProcess.StartAsync(settings) }; // migrate together
            await using var first = await starting[0];
            await using var second = await starting[1];
            Assert.NotEqual(first.Port, second.Port);

            var q1 = await first.Client.EvaluateAsync(new EvaluateRequest
            {
                PolicyId = QuarterlyPay, SubjectId = "E900", Period = "2026-Q1", Record = true, RequestId = "E900-2026-Q1",
                FactsJson = """{ "全额工资": "10000 yuan", "指标一达成": false, "指标二达成": false }""",
            });
            var q2 = await second.Client.EvaluateAsync(new EvaluateRequest
            {
                PolicyId = QuarterlyPay, SubjectId = "E900", Period = "2026-Q2", Record = true, RequestId = "E900-2026-Q2",
                FactsJson = """{ "全额工资": "10000 yuan", "指标一达成": true, "指标二达成": true }""",
            });

            Assert.Equal(1, q1.Record.Revision);
            Assert.Equal("ledger", q2.HistorySource);
            var used = Assert.Single(q2.History);
            Assert.Equal(("2026-Q1", "E900-2026-Q1"), (used.Period, used.RequestId));
            Assert.Equal(0.15m, decimal.Parse(q2.Outputs.Single(o => o.Name == "绩效比例").Value, System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal("8500.00", q2.Outputs.Single(o => o.Name == "基本工资").Value);

            // A retry of Q1 through the other instance is a replay, not a second record.
            var retry = await second.Client.EvaluateAsync(new EvaluateRequest
            {
                PolicyId = QuarterlyPay, SubjectId = "E900", Period = "2026-Q1", Record = true, RequestId = "E900-2026-Q1",
                FactsJson = """{ "全额工资": "10000 yuan", "指标一达成": false, "指标二达成": false }""",
            });
            Assert.True(retry.Record.Replayed);
            var history = await first.Client.GetHistoryAsync(new GetHistoryRequest { SubjectId = "E900", AllRevisions = true });
            Assert.Equal(["E900-2026-Q1", "E900-2026-Q2"], history.Entries.Select(e => e.RequestId));
        }
        finally
        {
            Npgsql.NpgsqlConnection.ClearAllPools();
            await server.DropDatabaseAsync(database);
        }
    }

    [Fact]
    public async Task A_publication_through_one_registry_instance_is_served_by_the_other_within_seconds()
    {
        var database = await server.CreateDatabaseAsync();
        try
        {
            // The first version is published before the instances start: with nothing in force they would not report SERVING.
            string firstVersion;
            await using (var ledger = await Ledger.LedgerFactory.OpenAsync(new Ledger.LedgerOptions { Provider = "postgres", ConnectionString = database }, Path.GetTempPath()))
            {
                var check = new Engine.Versions.PolicySource(RegistryTests.BonusId + ".policy", RegistryTests.Bonus(1, 2), []).Check();
                var first = await Ledger.Registry.Publisher.PublishAsync(ledger,
                    new Ledger.Registry.Publisher.Request(RegistryTests.BonusId, check, "test", new DateOnly(2026, 1, 1), "test", "first version"), DateTimeOffset.UtcNow);
                Assert.Null(first.Failure);
                firstVersion = first.Value!.Version;
            }
            var settings = new Dictionary<string, string>
            {
                ["Ledger:Provider"] = "postgres", ["Ledger:ConnectionString"] = database, ["Policies:Source"] = "registry",
            };
            var starting = new[] { ServiceProcess.StartAsync(settings), ServiceProcess.StartAsync(settings) };
            await using var one = await starting[0];
            await using var other = await starting[1];
            var september = new EvaluateRequest { PolicyId = RegistryTests.BonusId, Period = "2026-09", FactsJson = """{ "a": 1 }""" };
            Assert.Equal("2", (await other.Client.EvaluateAsync(september)).Outputs.Single().Value);

            var second = (await one.Client.PublishPolicyAsync(new PublishPolicyRequest
            {
                PolicyId = RegistryTests.BonusId, Source = RegistryTests.Bonus(2, 3), EffectiveFrom = "2026-07-01",
            })).Publication;
            Assert.Equal("anonymous", second.PublishedBy); // no token configured: loopback only

            // Told by NOTIFY, the other instance swaps the new version in without a restart.
            var seen = await RegistryTests.Eventually(async () => await other.Client.EvaluateAsync(september), r => r.VersionBasis == "published:" + second.Id);
            Assert.Equal(("3", second.Version), (seen.Outputs.Single().Value, seen.Version));
            Assert.Equal("2", (await other.Client.EvaluateAsync(new EvaluateRequest(september) { Period = "2026-03" })).Outputs.Single().Value);
            // Pinned, the first version still answers September, and says so.
            var pinned = await other.Client.EvaluateAsync(new EvaluateRequest(september) { Version = firstVersion });
            Assert.Equal(("2", "pinned"), (pinned.Outputs.Single().Value, pinned.VersionBasis));
        }
        finally
        {
            Npgsql.NpgsqlConnection.ClearAllPools();
            await server.DropDatabaseAsync(database);
        }
    }

    [Fact]
    public async Task Readiness_goes_NOT_SERVING_while_the_ledger_cannot_be_reached_and_comes_back_with_it()
    {
        var database = await server.CreateDatabaseAsync();
        var name = new Npgsql.NpgsqlConnectionStringBuilder(database).Database!;
        async Task Admin(string sql)
        {
            await using var connection = new Npgsql.NpgsqlConnection(server.AdminConnectionString);
            await connection.OpenAsync();
            await using var command = new Npgsql.NpgsqlCommand(sql, connection);
            await command.ExecuteNonQueryAsync();
        }
        try
        {
            await using var service = await ServiceProcess.StartAsync(new Dictionary<string, string>
            {
                ["Ledger:Provider"] = "postgres", ["Ledger:ConnectionString"] = database + ";Timeout=1;Pooling=false",
            });
            var health = new Grpc.Health.V1.Health.HealthClient(service.Channel);
            var named = new Grpc.Health.V1.HealthCheckRequest { Service = "appraisal.v1.Appraisal" };
            Assert.Equal(Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus.Serving, (await health.CheckAsync(named)).Status);

            // No new connections to the ledger's database, and the open ones ended.
            await Admin($"ALTER DATABASE {name} ALLOW_CONNECTIONS false");
            await Admin($"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{name}'");
            await RegistryTests.Eventually(async () => await health.CheckAsync(named),
                r => r.Status == Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus.NotServing);

            await Admin($"ALTER DATABASE {name} ALLOW_CONNECTIONS true");
            await RegistryTests.Eventually(async () => await health.CheckAsync(named),
                r => r.Status == Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus.Serving);
        }
        finally
        {
            await Admin($"ALTER DATABASE {name} ALLOW_CONNECTIONS true");
            Npgsql.NpgsqlConnection.ClearAllPools();
            await server.DropDatabaseAsync(database);
        }
    }
}
