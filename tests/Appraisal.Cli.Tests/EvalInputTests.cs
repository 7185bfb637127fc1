namespace Appraisal.Cli.Tests;

/// <summary>Where `eval` takes its facts from (a file, `-`, inline JSON, standard input) and which policy it evaluates.</summary>
public sealed class EvalInputTests : IDisposable
{
    private readonly Workspace _workspace = new();

    public void Dispose() => _workspace.Dispose();

    private const string Outputs = """
        {
          "outputs": {
            "双未达成": false,
            "绩效比例": "0.1",
            "绩效工资": "100.00"
          }
        }

        """;

    private static string Lf(string text) => text.ReplaceLineEndings("\n");

    [Fact]
    public void Facts_are_taken_inline_when_the_value_is_a_json_object()
    {
        _workspace.Write("p.policy", Policies.QuarterlyPay);
        var result = _workspace.Run("eval", "p.policy", "--facts", """{ "工资": 1000 }""", "--period", "2026-Q1");
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(Lf(Outputs), Lf(result.Stdout));
    }

    [Fact]
    public void A_dash_reads_the_facts_from_standard_input()
    {
        _workspace.Write("p.policy", Policies.QuarterlyPay);
        var result = _workspace.RunWithInput("""{ "工资": 1000 }""", false, "eval", "p.policy", "--facts", "-", "--period", "2026-Q1");
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(Lf(Outputs), Lf(result.Stdout));
        Assert.Equal("", result.Stderr);
    }

    [Fact]
    public void Inline_facts_may_be_a_batch_of_lines()
    {
        _workspace.Write("p.policy", Policies.QuarterlyPay);
        var result = _workspace.Run("eval", "p.policy", "--batch", "--facts", "{ \"工资\": 1000 }\n{ \"工资\": 2000 }", "--period", "2026-Q1");
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(2, Lf(result.Stdout).TrimEnd('\n').Split('\n').Length);
    }

    [Fact]
    public void Without_facts_on_a_terminal_it_says_it_is_waiting_for_standard_input()
    {
        _workspace.Write("p.policy", Policies.QuarterlyPay);
        var result = _workspace.RunWithInput("""{ "工资": 1000 }""", true, "eval", "p.policy", "--period", "2026-Q1");
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("policy: waiting for facts on standard input (JSON, then Ctrl-D); or give --facts FILE, or --facts '{...}'\n", Lf(result.Stderr));
        Assert.Equal(Lf(Outputs), Lf(result.Stdout));
    }

    [Fact]
    public void Facts_piped_in_are_read_without_a_message()
    {
        _workspace.Write("p.policy", Policies.QuarterlyPay);
        var result = _workspace.RunWithInput("""{ "工资": 1000 }""", false, "eval", "p.policy", "--period", "2026-Q1");
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("", result.Stderr);
    }

    [Fact]
    public void Facts_that_are_neither_a_file_nor_json_are_a_missing_path()
    {
        _workspace.Write("p.policy", Policies.QuarterlyPay);
        var result = _workspace.Run("eval", "p.policy", "--facts", "nope.json");
        Assert.Equal(2, result.ExitCode);
        Assert.Equal("policy: path not found: nope.json\n", Lf(result.Stderr));
    }

    [Fact]
    public void A_directory_holding_one_policy_evaluates_that_policy_libraries_aside()
    {
        _workspace.Write("pay/季度.policy", Policies.QuarterlyPay);
        _workspace.Write("pay/common.policy", "library 公用\nlet 一 = 1\n");
        var result = _workspace.Run("eval", "pay", "--facts", """{ "工资": 1000 }""", "--period", "2026-Q1");
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(Lf(Outputs), Lf(result.Stdout));
    }

    [Fact]
    public void A_directory_of_several_policies_is_a_usage_error_naming_their_ids()
    {
        _workspace.Write("many/a.policy", Policies.QuarterlyPay);
        _workspace.Write("many/sub/b.policy", Policies.Grades);
        var result = _workspace.Run("eval", "many", "--facts", "{}");
        Assert.Equal(2, result.ExitCode);
        Assert.Equal("policy: many holds 2 policies; name one: a, sub/b\n", Lf(result.Stderr));
    }

    [Fact]
    public void A_policy_id_is_found_under_the_nearest_policies_folder_as_the_service_names_it()
    {
        _workspace.Write("policies/pay/季度绩效.policy", Policies.QuarterlyPay);
        var result = _workspace.Run("eval", "pay/季度绩效", "--facts", """{ "工资": 1000 }""", "--period", "2026-Q1");
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(Lf(Outputs), Lf(result.Stdout));
    }

    [Theory]
    [InlineData("pay/没有")]
    [InlineData("../policies/pay/季度绩效")]
    public void A_name_that_is_no_file_and_no_policy_id_is_not_found(string name)
    {
        _workspace.Write("policies/pay/季度绩效.policy", Policies.QuarterlyPay);
        var result = _workspace.Run("eval", name, "--facts", "{}");
        Assert.Equal(2, result.ExitCode);
        Assert.Equal($"policy: path not found: {name} (nor a policy id under the nearest policies/ folder)\n", Lf(result.Stderr));
    }
}
