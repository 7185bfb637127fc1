using Appraisal.Policy.Formatting;
using Appraisal.Policy.Syntax;
using Appraisal.Policy.Text;

namespace Appraisal.Cli.Tests;

/// <summary>`policy fmt -w`, `--print`, `--diff` and `-` (standard input).</summary>
public sealed class FmtModesTests : IDisposable
{
    private readonly Workspace _workspace = new();

    public void Dispose() => _workspace.Dispose();

    /// <summary>Four-space items where the canonical form has two: line 4 changes, the rest stays.</summary>
    private const string Untidy = "policy 出勤\ninput { 迟到: count = 0 }\nscorecard 考核 out of 20 {\n    item 出勤 max 20 = 20 - 5 each 迟到\n}\noutput 得分: points = 考核\n";

    private static string Formatted(string text) => Formatter.Format(Parser.Parse(new SourceText("x.policy", text)).File);

    private static string Lf(string text) => text.ReplaceLineEndings("\n");

    [Fact]
    public void The_untidy_example_is_one_the_formatter_changes()
    {
        Assert.NotEqual(Untidy, Formatted(Untidy));
        Assert.Contains("\n  item 出勤", Formatted(Untidy));
    }

    [Fact]
    public void Write_rewrites_the_file_as_plain_fmt_does()
    {
        _workspace.Write("p.policy", Untidy);
        var result = _workspace.Run("fmt", "-w", "p.policy");
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("formatted p.policy\n", Lf(result.Stdout));
        Assert.Equal(Formatted(Untidy), _workspace.Read("p.policy"));
    }

    [Fact]
    public void Print_prints_the_formatted_text_and_writes_nothing()
    {
        _workspace.Write("p.policy", Untidy);
        var result = _workspace.Run("fmt", "--print", "p.policy");
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(Formatted(Untidy), result.Stdout);
        Assert.Equal(Untidy, _workspace.Read("p.policy"));
    }

    [Fact]
    public void Diff_prints_a_unified_diff_and_writes_nothing()
    {
        _workspace.Write("p.policy", Untidy);
        var result = _workspace.Run("fmt", "--diff", "p.policy");
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(Untidy, _workspace.Read("p.policy"));
        Assert.Equal("""
            --- p.policy
            +++ p.policy
            @@ -1,6 +1,11 @@
             policy 出勤
            -input { 迟到: count = 0 }
            +
            +input {
            +  迟到: count = 0
            +}
            +
             scorecard 考核 out of 20 {
            -    item 出勤 max 20 = 20 - 5 each 迟到
            +  item 出勤 max 20 = 20 - 5 each 迟到
             }
            +
             output 得分: points = 考核

            """, Lf(result.Stdout));
    }

    [Fact]
    public void Diff_of_a_formatted_file_is_empty()
    {
        _workspace.Write("p.policy", Formatted(Untidy));
        var result = _workspace.Run("fmt", "--diff", "p.policy");
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("", result.Stdout);
    }

    [Fact]
    public void Check_with_diff_shows_the_diff_and_exits_1()
    {
        _workspace.Write("p.policy", Untidy);
        var result = _workspace.Run("fmt", "--check", "--diff", "p.policy");
        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.StartsWith("--- p.policy\n+++ p.policy\n@@", Lf(result.Stdout));
        Assert.Contains("1 file(s) would be reformatted", result.Stderr);
    }

    [Fact]
    public void A_dash_formats_standard_input_to_standard_output()
    {
        var result = _workspace.RunWithInput(Untidy, false, "fmt", "-");
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(Formatted(Untidy), result.Stdout);
        Assert.Equal("", result.Stderr);
    }

    [Fact]
    public void A_dash_on_a_terminal_says_it_is_waiting_for_the_policy_and_formats_it_when_it_comes()
    {
        var result = _workspace.RunWithInput(Untidy, true, "fmt", "-");
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("policy: waiting for a policy on standard input (then Ctrl-D); or give its file: policy fmt FILE\n", Lf(result.Stderr));
        Assert.Equal(Formatted(Untidy), result.Stdout);
    }

    [Fact]
    public void A_dash_with_diff_names_standard_input()
    {
        var result = _workspace.RunWithInput(Untidy, false, "fmt", "--diff", "-");
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.StartsWith("--- <stdin>\n+++ <stdin>\n@@", Lf(result.Stdout));
    }

    [Theory]
    [InlineData(true, 1)]
    [InlineData(false, 0)]
    public void A_dash_with_check_answers_by_its_exit_code(bool untidy, int exitCode)
    {
        var result = _workspace.RunWithInput(untidy ? Untidy : Formatted(Untidy), false, "fmt", "--check", "-");
        Assert.True(result.ExitCode == exitCode, result.ToString());
        Assert.Equal("", result.Stdout);
    }

    [Fact]
    public void Standard_input_with_syntax_errors_prints_them_at_stdin_and_exits_1()
    {
        var result = _workspace.RunWithInput(Policies.SyntaxError, false, "fmt", "-");
        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Equal("", result.Stdout);
        Assert.StartsWith("<stdin>(4,20): error PL0009: expected an expression\n", Lf(result.Stderr));
        Assert.EndsWith("<stdin>: not formatted: fix the syntax errors first\n", Lf(result.Stderr));
    }

    [Theory]
    [InlineData("-w", "--print")]
    [InlineData("-w", "--diff")]
    [InlineData("--write", "--check")]
    [InlineData("--print", "--diff")]
    public void Modes_that_exclude_each_other_are_a_usage_error(string first, string second)
    {
        _workspace.Write("p.policy", Untidy);
        var result = _workspace.Run("fmt", first, second, "p.policy");
        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.EndsWith("cannot be used together\n", Lf(result.Stderr));
        Assert.Equal(Untidy, _workspace.Read("p.policy"));
    }

    [Fact]
    public void Standard_input_cannot_be_written_back()
    {
        var result = _workspace.RunWithInput(Untidy, false, "fmt", "-w", "-");
        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Equal("policy: -w/--write cannot write standard input: it is printed\n", Lf(result.Stderr));
    }
}
