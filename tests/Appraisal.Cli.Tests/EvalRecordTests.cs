using Newtonsoft.Json.Linq;

namespace Appraisal.Cli.Tests;

/// <summary>
/// <c>policy eval --ledger L [--record --subject S --request-id R]</c>: the command line records through the same core
/// as the service — idempotent on the request id, earlier periods read from the subject's records, a group recorded
/// member by member — into a SQLite file or a PostgreSQL database that <c>policy history</c> (and the service) read.
/// </summary>
public sealed class EvalRecordTests : IDisposable
{
    private readonly Workspace _workspace = new();

    public EvalRecordTests()
    {
        _workspace.Write("policies/pay/季度绩效.policy", Policies.QuarterlyPay);
        _workspace.Write("missed.json", """{ "工资": "10000", "未达成": true }""");
        _workspace.Write("met.json", """{ "工资": "10000" }""");
    }

    public void Dispose() => _workspace.Dispose();

    private CliResult Eval(string ledger, string period, string facts, params string[] more) =>
        _workspace.Run(["eval", "policies/pay/季度绩效.policy", "--facts", facts, "--period", period, "--ledger", ledger, .. more]);

    private static JObject Json(CliResult result) =>
        JObject.Load(new Newtonsoft.Json.JsonTextReader(new StringReader(result.Stdout)) { DateParseHandling = Newtonsoft.Json.DateParseHandling.None });

    [Fact]
    public void A_recorded_evaluation_is_in_the_ledger_under_the_policy_id_the_service_uses()
    {
        var result = Eval("ledger.db", "2026-Q1", "missed.json", "--record", "--subject", "E1", "--request-id", "E1-Q1");

        Assert.True(result.ExitCode == 0, result.ToString());
        var reply = Json(result);
        Assert.Equal("1000.00", (string?)reply["outputs"]!["绩效工资"]);
        Assert.Equal(("E1-Q1", 1, false), ((string?)reply["record"]!["requestId"], (int)reply["record"]!["revision"]!, (bool)reply["record"]!["replayed"]!));
        var history = _workspace.Run("history", "--ledger", "ledger.db", "--subject", "E1", "--format", "json");
        var entry = Assert.Single(JArray.Parse(history.Stdout));
        Assert.Equal(("pay/季度绩效", "2026-Q1", "E1-Q1"), ((string?)entry["policyId"], (string?)entry["period"], (string?)entry["requestId"]));
        Assert.NotNull(entry["explanation"]); // kept in full, though none was asked for
    }

    [Fact]
    public void A_retry_with_the_same_request_id_records_nothing_new_and_a_reused_id_is_refused()
    {
        var first = Eval("ledger.db", "2026-Q1", "missed.json", "--record", "--subject", "E1", "--request-id", "R");
        var retry = Eval("ledger.db", "2026-Q1", "missed.json", "--record", "--subject", "E1", "--request-id", "R");
        var reused = Eval("ledger.db", "2026-Q1", "met.json", "--record", "--subject", "E1", "--request-id", "R");

        Assert.True(retry.ExitCode == 0, retry.ToString());
        Assert.True((bool)Json(retry)["record"]!["replayed"]!);
        Assert.Equal(Json(first)["outputs"]!.ToString(), Json(retry)["outputs"]!.ToString());
        Assert.Equal(1, reused.ExitCode);
        Assert.Contains("request id R was already recorded for a different request", reused.Stderr);
        var history = _workspace.Run("history", "--ledger", "ledger.db", "--subject", "E1", "--revisions");
        Assert.Single(history.Stdout.ReplaceLineEndings("\n").TrimEnd('\n').Split('\n'));
    }

    [Fact]
    public void Earlier_periods_come_from_the_subjects_records()
    {
        Eval("ledger.db", "2026-Q1", "missed.json", "--record", "--subject", "E1", "--request-id", "E1-Q1");
        Eval("ledger.db", "2026-Q2", "missed.json", "--record", "--subject", "E1", "--request-id", "E1-Q2");

        var q3 = Eval("ledger.db", "2026-Q3", "met.json", "--subject", "E1"); // read, not recorded

        Assert.True(q3.ExitCode == 0, q3.ToString());
        Assert.Equal(("0.20", "ledger"), ((string?)Json(q3)["outputs"]!["绩效比例"], (string?)Json(q3)["historySource"]));
        Assert.Null(Json(q3)["record"]);
        Assert.Equal(2, JArray.Parse(_workspace.Run("history", "--ledger", "ledger.db", "--subject", "E1", "--format", "json").Stdout).Count);
    }

    [Fact]
    public void A_group_is_recorded_member_by_member()
    {
        _workspace.Write("team.json", """{ "E1": { "工资": "10000", "未达成": true }, "E2": { "工资": "8000" } }""");

        var result = Eval("ledger.db", "2026-Q1", "team.json", "--group", "--record", "--request-id", "team-Q1");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("team-Q1/E2", (string?)Json(result)["E2"]!["record"]!["requestId"]);
        var e2 = Assert.Single(JArray.Parse(_workspace.Run("history", "--ledger", "ledger.db", "--subject", "E2", "--format", "json").Stdout));
        Assert.Equal("800.00", (string?)e2["outputs"]!["绩效工资"]);
    }

    [Theory]
    [InlineData("--request-id", "--record needs --subject")]
    [InlineData("--subject", "--record needs --request-id")]
    public void Recording_needs_a_subject_and_a_request_id(string given, string message)
    {
        var result = Eval("ledger.db", "2026-Q1", "met.json", "--record", given, "x");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(message, result.Stderr);
    }

    [Fact]
    public void Recording_needs_a_ledger()
    {
        var result = _workspace.Run("eval", "policies/pay/季度绩效.policy", "--facts", "met.json", "--period", "2026-Q1", "--record",
            "--subject", "E1", "--request-id", "R");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--record needs --ledger", result.Stderr);
    }
}
