namespace Appraisal.Cli.Tests;

/// <summary>
/// Colour on a terminal, none when redirected or when NO_COLOR is set. NO_COLOR and TERM are process-wide: only the runs
/// of this class (one test at a time) take their streams for a terminal, so no other test reads them.
/// </summary>
public sealed class ColourTests : IDisposable
{
    private readonly Workspace _workspace = new();
    private readonly string? _noColor = Environment.GetEnvironmentVariable("NO_COLOR");
    private readonly string? _term = Environment.GetEnvironmentVariable("TERM");

    public ColourTests()
    {
        Environment.SetEnvironmentVariable("NO_COLOR", null);
        Environment.SetEnvironmentVariable("TERM", "xterm-256color");
    }

    public void Dispose()
    {
        Environment.SetEnvironmentVariable("NO_COLOR", _noColor);
        Environment.SetEnvironmentVariable("TERM", _term);
        _workspace.Dispose();
    }

    private const string Red = "\e[31m", Green = "\e[32m", Reset = "\e[0m";

    [Fact]
    public void Diagnostics_on_a_terminal_colour_the_severity_and_the_caret()
    {
        _workspace.Write("bad.policy", Policies.SyntaxError);
        var result = _workspace.RunOnTerminal("check", "bad.policy");
        Assert.Equal(1, result.ExitCode);
        var lines = result.Stdout.ReplaceLineEndings("\n").Split('\n');
        Assert.Equal($"bad.policy(4,20): {Red}error{Reset} PL0009: expected an expression", lines[0]);
        Assert.Equal($"{Red}{new string(' ', 21)}^{Reset}", lines[2]);
        Assert.Equal($"{Red}1 error(s), 0 warning(s) in 1 file(s){Reset}", lines[3]);
    }

    [Fact]
    public void Test_results_on_a_terminal_are_green_and_red()
    {
        _workspace.Write("p.policy", Policies.Grades);
        var result = _workspace.RunOnTerminal("test", "p.policy");
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains($"  {Green}PASS{Reset} 八十分 ", result.Stdout);
        Assert.Contains($"{Green}1 passed, 0 failed{Reset}", result.Stdout);
    }

    [Fact]
    public void Redirected_output_has_no_colour()
    {
        _workspace.Write("bad.policy", Policies.SyntaxError);
        var result = _workspace.Run("check", "bad.policy");
        Assert.DoesNotContain("\e[", result.Stdout);
    }

    [Theory]
    [InlineData("NO_COLOR", "1")]
    [InlineData("TERM", "dumb")]
    public void No_colour_on_a_terminal_when_the_environment_says_so(string variable, string value)
    {
        _workspace.Write("bad.policy", Policies.SyntaxError);
        Environment.SetEnvironmentVariable(variable, value);
        var result = _workspace.RunOnTerminal("check", "bad.policy");
        Assert.DoesNotContain("\e[", result.Stdout);
        Assert.StartsWith("bad.policy(4,20): error PL0009", result.Stdout);
    }
}
