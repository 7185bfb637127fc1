using System.Text.RegularExpressions;

namespace Appraisal.Cli.Tests;

public class TestCommandTests
{
    private const string Passing = """
        policy 出勤
        input { 迟到: count = 0 }
        table 扣分(n: count) -> points first { 0 => 0  <= 2 => 5  else => 10 }
        output 扣: points = 扣分(迟到)
        test "全勤" { given { } expect { 扣: 0 } }
        test "迟到一次" { given { 迟到: 1 } expect { 扣: 5 } }
        """;

    [Fact]
    public void Passing_tests_print_a_line_each_and_exit_0()
    {
        using var workspace = new Workspace();
        workspace.Write("p.policy", Passing);
        var result = workspace.Run("test", "p.policy");
        Assert.Equal(0, result.ExitCode);
        Assert.Matches(new Regex(@"^p\.policy\n  PASS 全勤 \(p\.policy\(5,1\), \d+\.\d ms\)\n  PASS 迟到一次 \(p\.policy\(6,1\), \d+\.\d ms\)\n2 passed, 0 failed\n$"),
            result.Stdout.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void A_failing_test_shows_expected_against_actual_and_exits_1()
    {
        using var workspace = new Workspace();
        workspace.Write("p.policy", Passing.Replace("expect { 扣: 5 }", "expect { 扣: 10 }"));
        var result = workspace.Run("test", "p.policy");
        Assert.Equal(1, result.ExitCode);
        Assert.Matches(new Regex(@"  FAIL 迟到一次 \(p\.policy\(6,1\), \d+\.\d ms\)\n       扣: expected 10 pts, got 5 pts\n"), result.Stdout.ReplaceLineEndings("\n"));
        Assert.Contains("       |   扣分(1) row 2 “<= 2 => 5” → 5 pts\n", result.Stdout.ReplaceLineEndings("\n"));
        Assert.EndsWith("1 passed, 1 failed\n", result.Stdout.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void Coverage_lists_what_the_tests_never_reached()
    {
        using var workspace = new Workspace();
        workspace.Write("p.policy", Passing);
        var result = workspace.Run("test", "p.policy", "--coverage");
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("  coverage: 2 of 3 reached (66.6%)\n    never reached: table row 扣分: else => 10 (line 3)\n", result.Stdout.ReplaceLineEndings("\n"));
        Assert.EndsWith("2 passed, 0 failed\ncoverage: 2 of 3 reached (66.6%)\n", result.Stdout.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void A_policy_with_errors_fails_without_running_its_tests()
    {
        using var workspace = new Workspace();
        workspace.Write("p.policy", Passing.Replace("扣分(迟到)", "扣分(迟)"));
        var result = workspace.Run("test", "p.policy");
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("error PL0101", result.Stdout);
        Assert.Contains("FAIL p.policy: the policy has errors; its tests were not run", result.Stdout);
    }
}
