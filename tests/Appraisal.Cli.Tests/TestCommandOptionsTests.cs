using System.Text.RegularExpressions;
using Newtonsoft.Json.Linq;

namespace Appraisal.Cli.Tests;

/// <summary>`policy test --run`, `--format json`, `--coverage-html` and `--threshold`.</summary>
public sealed class TestCommandOptionsTests : IDisposable
{
    private readonly Workspace _workspace = new();

    public void Dispose() => _workspace.Dispose();

    /// <summary>Three table rows; the two tests reach the first two (2 of 3: 66.6%).</summary>
    private const string Passing = """
        policy 出勤
        input { 迟到: count = 0 }
        table 扣分(n: count) -> points first { 0 => 0  <= 2 => 5  else => 10 }
        output 扣: points = 扣分(迟到)
        test "全勤" { given { } expect { 扣: 0 } }
        test "迟到一次" { given { 迟到: 1 } expect { 扣: 5 } }
        """;

    private static string Lf(string text) => text.ReplaceLineEndings("\n");

    [Fact]
    public void Run_keeps_only_the_tests_whose_title_matches()
    {
        _workspace.Write("p.policy", Passing);
        var result = _workspace.Run("test", "p.policy", "--run", "^迟到");
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.DoesNotContain("全勤", result.Stdout);
        Assert.Contains("  PASS 迟到一次 (p.policy(6,1), ", result.Stdout);
        Assert.EndsWith("1 passed, 0 failed\n", Lf(result.Stdout));
    }

    [Fact]
    public void Run_that_matches_nothing_in_a_file_leaves_the_file_out()
    {
        _workspace.Write("a.policy", Passing);
        _workspace.Write("b.policy", Passing.Replace("全勤", "满勤"));
        var result = _workspace.Run("test", "a.policy", "b.policy", "--run", "满勤");
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.DoesNotContain("a.policy", result.Stdout);
        Assert.StartsWith("b.policy\n  PASS 满勤 ", Lf(result.Stdout));
    }

    [Fact]
    public void Run_with_a_bad_regular_expression_is_a_usage_error()
    {
        _workspace.Write("p.policy", Passing);
        var result = _workspace.Run("test", "p.policy", "--run", "(");
        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("policy: --run '(' is not a regular expression", result.Stderr);
    }

    [Fact]
    public void Json_gives_each_case_with_its_location_duration_and_failures()
    {
        _workspace.Write("p.policy", Passing.Replace("expect { 扣: 5 }", "expect { 扣: 10 }"));
        var result = _workspace.Run("test", "p.policy", "--format", "json");
        Assert.True(result.ExitCode == 1, result.ToString());
        var report = JObject.Parse(result.Stdout);
        Assert.Equal(1, (int)report["passed"]!);
        Assert.Equal(1, (int)report["failed"]!);
        var file = (JObject)Assert.Single((JArray)report["files"]!);
        Assert.Equal("p.policy", (string?)file["file"]);
        var tests = (JArray)file["tests"]!;
        Assert.Equal(2, tests.Count);
        Assert.Equal("全勤", (string?)tests[0]["title"]);
        Assert.True((bool)tests[0]["passed"]!);
        Assert.Empty((JArray)tests[0]["failures"]!);
        Assert.Equal("迟到一次", (string?)tests[1]["title"]);
        Assert.Equal("p.policy", (string?)tests[1]["file"]);
        Assert.Equal(6, (int)tests[1]["line"]!);
        Assert.Equal(1, (int)tests[1]["column"]!);
        Assert.False((bool)tests[1]["passed"]!);
        Assert.True((decimal)tests[1]["durationMs"]! >= 0);
        Assert.Equal(["扣: expected 10 pts, got 5 pts"], ((JArray)tests[1]["failures"]!).Select(f => (string)f!));
        Assert.Null(report["coverage"]);
    }

    [Fact]
    public void Json_of_a_policy_with_errors_gives_its_diagnostics()
    {
        _workspace.Write("p.policy", Policies.SyntaxError);
        var result = _workspace.Run("test", "p.policy", "--format", "json");
        Assert.True(result.ExitCode == 1, result.ToString());
        var file = (JObject)((JArray)JObject.Parse(result.Stdout)["files"]!)[0];
        Assert.Equal("PL0009", (string?)file["errors"]![0]!["code"]);
        Assert.Null(file["tests"]);
    }

    [Fact]
    public void Json_with_coverage_gives_every_item_and_the_total()
    {
        _workspace.Write("p.policy", Passing);
        var result = _workspace.Run("test", "p.policy", "--format", "json", "--coverage");
        Assert.True(result.ExitCode == 0, result.ToString());
        var report = JObject.Parse(result.Stdout);
        Assert.Equal(2, (int)report["coverage"]!["reached"]!);
        Assert.Equal(3, (int)report["coverage"]!["total"]!);
        Assert.Equal(66.6m, (decimal)report["coverage"]!["percent"]!);
        var items = (JArray)report["files"]![0]!["coverage"]!["items"]!;
        Assert.Equal(3, items.Count);
        Assert.Equal(new JObject { ["kind"] = "table row", ["rule"] = "扣分", ["item"] = "else => 10", ["line"] = 3, ["reached"] = false }, items[2], JToken.EqualityComparer);
    }

    [Fact]
    public void Coverage_html_is_a_page_with_every_item_and_the_unreached_marked()
    {
        _workspace.Write("p.policy", Passing.Replace("全勤", "<全勤>"));
        var result = _workspace.Run("test", "p.policy", "--coverage-html", "coverage.html");
        Assert.True(result.ExitCode == 0, result.ToString());
        var html = _workspace.Read("coverage.html");
        Assert.StartsWith("<!DOCTYPE html>", html);
        Assert.Contains("<p class=\"total\">2 of 3 reached (66.6%)</p>", html);
        Assert.Contains("<h2>p.policy <span class=\"share\">2 of 3 reached (66.6%)</span></h2>", html);
        Assert.Contains("<tr class=\"missed\"><td>3</td><td>table row</td><td>扣分</td><td>else =&gt; 10</td><td>never</td></tr>", html);
        Assert.Equal(2, Regex.Matches(html, "<tr class=\"reached\">").Count);
        Assert.Contains("  coverage: 2 of 3 reached (66.6%)", result.Stdout); // implies --coverage
    }

    [Theory]
    [InlineData("66", 0)]
    [InlineData("67", 1)]
    [InlineData("100", 1)]
    public void Threshold_fails_the_run_below_the_percentage_reached(string threshold, int exitCode)
    {
        _workspace.Write("p.policy", Passing);
        var result = _workspace.Run("test", "p.policy", "--threshold", threshold);
        Assert.True(result.ExitCode == exitCode, result.ToString());
        Assert.Contains("coverage: 2 of 3 reached (66.6%)", result.Stdout);
        Assert.Equal(exitCode == 0 ? "" : $"policy: coverage 66.6% is below --threshold {threshold}%\n", Lf(result.Stderr));
    }

    [Theory]
    [InlineData("101", "--threshold takes a whole number from 0 to 100, not '101'")]
    [InlineData("half", "--threshold takes a whole number from 0 to 100, not 'half'")]
    public void Threshold_out_of_range_is_a_usage_error(string threshold, string message)
    {
        _workspace.Write("p.policy", Passing);
        var result = _workspace.Run("test", "p.policy", "--threshold", threshold);
        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith($"policy: {message}\n", Lf(result.Stderr));
    }
}
