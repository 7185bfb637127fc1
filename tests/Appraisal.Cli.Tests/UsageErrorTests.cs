namespace Appraisal.Cli.Tests;

/// <summary>A command line that does not parse: what is wrong, what was probably meant, where help is; never internal names.</summary>
public sealed class UsageErrorTests : IDisposable
{
    private readonly Workspace _workspace = new();

    public void Dispose() => _workspace.Dispose();

    [Fact]
    public void A_misspelt_command_is_answered_with_the_command_meant()
    {
        var result = _workspace.Run("chek", "p.policy");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("policy: Unrecognized command or argument 'chek'.\n", result.Stderr.ReplaceLineEndings("\n"));
        Assert.Contains("policy: 'chek': did you mean check?\n", result.Stderr.ReplaceLineEndings("\n"));
        Assert.EndsWith("Run 'policy --help' for usage.\n", result.Stderr.ReplaceLineEndings("\n"));
        Assert.Equal("", result.Stdout);
    }

    [Fact]
    public void A_misspelt_option_of_a_command_over_paths_is_answered_with_the_option_meant()
    {
        _workspace.Write("p.policy", Policies.Clean);
        var result = _workspace.Run("check", "--formt", "json", "p.policy");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("policy: unknown option '--formt'\n", result.Stderr.ReplaceLineEndings("\n"));
        Assert.Contains("policy: '--formt': did you mean --format?\n", result.Stderr.ReplaceLineEndings("\n"));
        Assert.EndsWith("Run 'policy check --help' for usage.\n", result.Stderr.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void A_misspelt_option_of_eval_is_answered_with_the_option_meant()
    {
        _workspace.Write("p.policy", Policies.Clean);
        var result = _workspace.Run("eval", "p.policy", "--expalin", "text");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("policy: '--expalin': did you mean --explain?\n", result.Stderr.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void No_command_at_all_is_one_line_naming_the_commands()
    {
        var result = _workspace.Run();
        Assert.Equal(2, result.ExitCode);
        Assert.Equal("policy: which command? check, fmt, test, eval, history, diff, publish, replay or lsp ('policy --help' says what each does)\n",
            result.Stderr.ReplaceLineEndings("\n"));
        Assert.Equal("", result.Stdout);
    }

    [Fact]
    public void A_word_like_no_command_gets_no_suggestion()
    {
        var result = _workspace.Run("zzzzzzzzzz");
        Assert.Equal(2, result.ExitCode);
        Assert.DoesNotContain("did you mean", result.Stderr);
    }

    [Theory]
    [InlineData("--from", "bogus", "policy: --from 'bogus' is not a period (e.g. 2026-Q2, 2026-H1, 2026-03, 2026)")]
    [InlineData("--to", "2026-Q5", "policy: --to '2026-Q5' is not a period (e.g. 2026-Q2, 2026-H1, 2026-03, 2026)")]
    public void A_bad_history_bound_is_named_by_its_option_not_by_the_ledgers_field(string option, string value, string expected)
    {
        var result = _workspace.Run("history", "--ledger", "ledger.db", "--subject", "E001", option, value);
        Assert.Equal(2, result.ExitCode);
        Assert.Equal(expected + "\n", result.Stderr.ReplaceLineEndings("\n"));
        Assert.DoesNotContain("Parameter", result.Stderr);
        Assert.DoesNotContain("FromPeriod", result.Stderr);
    }

    [Fact]
    public void History_bounds_of_different_kinds_are_a_usage_error_in_the_commands_words()
    {
        var result = _workspace.Run("history", "--ledger", "ledger.db", "--subject", "E001", "--from", "2026-Q1", "--to", "2026-03");
        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("policy: --from 2026-Q1 and --to 2026-03 are periods of different kinds", result.Stderr);
        Assert.DoesNotContain("ToPeriod", result.Stderr);
    }

    [Fact]
    public void An_empty_subject_is_a_usage_error_not_the_ledgers_argument_exception()
    {
        var result = _workspace.Run("history", "--ledger", "ledger.db", "--subject", "");
        Assert.Equal(2, result.ExitCode);
        Assert.Equal("policy: --subject is empty\n", result.Stderr.ReplaceLineEndings("\n"));
    }

    [Theory]
    [InlineData("x")]
    [InlineData("-1")]
    [InlineData("2.5")]
    public void A_number_option_with_a_bad_value_says_what_it_takes_not_the_clr_type(string value)
    {
        var result = _workspace.Run("diff", "a.policy", "b.policy", "--top", value);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"policy: --top takes a whole number, not '{value}'\n", result.Stderr.ReplaceLineEndings("\n"));
        Assert.DoesNotContain("System.", result.Stderr);
    }
}
