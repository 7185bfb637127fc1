using System.Text;

namespace Appraisal.Cli.Tests;

public class EvalCommandTests
{
    [Fact]
    public void Outputs_are_printed_as_json_with_exact_decimals()
    {
        using var workspace = new Workspace();
        workspace.Write("p.policy", Policies.QuarterlyPay);
        workspace.Write("f.json", """{ "工资": "9999.99" }""");
        var result = workspace.Run("eval", "p.policy", "--facts", "f.json", "--period", "2026-Q1");
        Assert.Equal(0, result.ExitCode);
        Assert.Equal("""
            {
              "outputs": {
                "双未达成": false,
                "绩效比例": "0.1",
                "绩效工资": "1000.00"
              }
            }

            """.ReplaceLineEndings("\n"), result.Stdout.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void Earlier_periods_come_from_a_history_file()
    {
        using var workspace = new Workspace();
        workspace.Write("p.policy", Policies.QuarterlyPay);
        workspace.Write("f.json", """{ "工资": 10000 }""");
        workspace.Write("h.json", """{ "2026-Q1": { "双未达成": true }, "2026-Q2": { "双未达成": true } }""");
        var result = workspace.Run("eval", "p.policy", "--facts", "f.json", "--period", "2026-Q3", "--history", "h.json", "--explain", "text");
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("绩效工资 = 2000.00 yuan", result.Stdout);
        Assert.Contains("2026-Q2: step up → 20%", result.Stdout);
    }

    /// <summary>A chain of 20,000 definitions once passed `check` and then overflowed the stack in `eval`.</summary>
    [Fact]
    public void A_chain_of_20000_definitions_is_a_located_check_error_not_a_stack_overflow()
    {
        using var workspace = new Workspace();
        var text = new StringBuilder("policy 链\ninput { x: number in 0..10 }\nlet l0 = x\n");
        for (var i = 1; i < 20_000; i++) text.Append($"let l{i} = l{i - 1} + 1\n");
        workspace.Write("chain.policy", text.Append("output o: number = l19999\n").ToString());
        workspace.Write("f.json", """{ "x": 1 }""");
        foreach (var args in new[] { new[] { "check", "chain.policy" }, new[] { "eval", "chain.policy", "--facts", "f.json", "--explain", "text" } })
        {
            var result = workspace.Run(args);
            Assert.Equal(1, result.ExitCode);
            Assert.Contains("chain.policy(336,5): error PL0302: 'l333' is derived through too long a chain", result.Stdout + result.Stderr);
        }
    }

    [Theory]
    [InlineData("2026-q1")]
    [InlineData(" 2026-Q1")]
    [InlineData("2026-03")]
    [InlineData("2026")]
    public void The_period_is_canonical_and_of_the_policys_kind_as_on_the_service(string period)
    {
        using var workspace = new Workspace();
        workspace.Write("p.policy", Policies.QuarterlyPay);
        workspace.Write("f.json", """{ "工资": 1000 }""");
        var result = workspace.Run("eval", "p.policy", "--facts", "f.json", "--period", period);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"'{period}' is not", result.Stderr);
    }

    [Fact]
    public void Wrong_facts_are_reported_with_their_path_and_exit_1()
    {
        using var workspace = new Workspace();
        workspace.Write("p.policy", Policies.QuarterlyPay);
        workspace.Write("f.json", """{ "工资": true, "奖金": 1 }""");
        var result = workspace.Run("eval", "p.policy", "--facts", "f.json", "--period", "2026-Q1");
        Assert.Equal(1, result.ExitCode);
        Assert.Equal("", result.Stdout);
        Assert.Contains("$.工资: expected", result.Stderr);
        Assert.Contains("$.奖金: expected one of the policy's inputs, found an unknown field", result.Stderr);
    }

    [Fact]
    public void Batch_mode_writes_one_result_per_line()
    {
        using var workspace = new Workspace();
        workspace.Write("p.policy", Policies.QuarterlyPay);
        workspace.Write("facts.ndjson", "{ \"工资\": 1000 }\n\n{ \"工资\": \"oops\" }\n{ \"工资\": 3000, \"未达成\": true }\n");
        var result = workspace.Run("eval", "p.policy", "--facts", "facts.ndjson", "--batch", "--period", "2026-Q1");
        Assert.Equal(1, result.ExitCode);
        var lines = result.Stdout.ReplaceLineEndings("\n").TrimEnd('\n').Split('\n');
        Assert.Equal(3, lines.Length);
        Assert.Equal("""{"outputs":{"双未达成":false,"绩效比例":"0.1","绩效工资":"100.00"}}""", lines[0]);
        Assert.StartsWith("""{"factErrors":[{"path":"$.工资",""", lines[1]);
        Assert.Equal("""{"outputs":{"双未达成":true,"绩效比例":"0.1","绩效工资":"300.00"}}""", lines[2]);
    }

    [Fact]
    public void Without_the_period_a_rule_over_earlier_periods_is_a_located_error()
    {
        using var workspace = new Workspace();
        workspace.Write("p.policy", Policies.QuarterlyPay);
        workspace.Write("f.json", """{ "工资": 1000 }""");
        var result = workspace.Run("eval", "p.policy", "--facts", "f.json");
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("p.policy(3,12): '比例' depends on earlier periods: the appraised period must be given", result.Stderr);
    }
}
