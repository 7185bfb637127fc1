using Appraisal.Policy.Formatting;
using Appraisal.Policy.Syntax;
using Appraisal.Policy.Text;

namespace Appraisal.Cli.Tests;

/// <summary>
/// `policy fmt`. The expected text always comes from <see cref="Formatter.Format"/> itself, so these tests hold for
/// any formatter (the placeholder that changes nothing, and the real one).
/// </summary>
public sealed class FmtCommandTests : IDisposable
{
    private readonly Workspace _workspace = new();

    public void Dispose() => _workspace.Dispose();

    private static string Formatted(string text) => Formatter.Format(Parser.Parse(new SourceText("x.policy", text)).File);

    private const string Untidy = "policy   售后客服考核\n  version 2026.1\n\ninput {\n     迟到: count = 0\n}\noutput 扣分: points = 5   each 迟到\n";

    [Theory]
    [InlineData("fmt")]
    [InlineData("fmt", "--check")]
    public void File_with_syntax_errors_is_left_untouched_and_exits_1(params string[] command)
    {
        _workspace.Write("bad.policy", Policies.SyntaxError);
        var result = _workspace.Run([.. command, "bad.policy"]);
        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Equal(Policies.SyntaxError, _workspace.Read("bad.policy"));
        Assert.Contains("bad.policy(4,20): error PL0009", result.Stderr);
        Assert.Contains("bad.policy: not formatted", result.Stderr);
    }

    [Fact]
    public void Check_passes_on_a_formatted_file_and_writes_nothing()
    {
        var text = Formatted(Policies.Clean);
        _workspace.Write("ok.policy", text);
        var result = _workspace.Run("fmt", "--check", "ok.policy");
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("", result.Stdout);
        Assert.Equal(text, _workspace.Read("ok.policy"));
    }

    [Fact]
    public void Check_lists_files_that_would_change_and_writes_nothing()
    {
        _workspace.Write("untidy.policy", Untidy);
        var wouldChange = Formatted(Untidy) != Untidy;
        var result = _workspace.Run("fmt", "--check", "untidy.policy");
        Assert.Equal(Untidy, _workspace.Read("untidy.policy"));
        if (wouldChange)
        {
            Assert.True(result.ExitCode == 1, result.ToString());
            Assert.Equal("untidy.policy\n", result.Stdout.ReplaceLineEndings("\n"));
            Assert.Contains("1 file(s) would be reformatted", result.Stderr);
        }
        else
        {
            Assert.True(result.ExitCode == 0, result.ToString());
            Assert.Equal("", result.Stdout);
        }
    }

    [Fact]
    public void Fmt_rewrites_to_the_formatted_text_and_then_check_passes()
    {
        _workspace.Write("untidy.policy", Untidy);
        var result = _workspace.Run("fmt", "untidy.policy");
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(Formatted(Untidy), _workspace.Read("untidy.policy"));
        Assert.Equal(Formatted(Untidy) != Untidy ? "formatted untidy.policy\n" : "", result.Stdout.ReplaceLineEndings("\n"));

        var check = _workspace.Run("fmt", "--check", "untidy.policy");
        Assert.True(check.ExitCode == 0, check.ToString());
    }

    [Fact]
    public void A_broken_file_does_not_stop_the_others_from_being_formatted()
    {
        _workspace.Write("dir/bad.policy", Policies.SyntaxError);
        _workspace.Write("dir/untidy.policy", Untidy);
        var result = _workspace.Run("fmt", "dir");
        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Equal(Policies.SyntaxError, _workspace.Read("dir/bad.policy"));
        Assert.Equal(Formatted(Untidy), _workspace.Read("dir/untidy.policy"));
    }

    [Fact]
    public void Missing_path_is_a_usage_error()
    {
        var result = _workspace.Run("fmt", "nope.policy");
        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("path not found: nope.policy", result.Stderr);
    }

    [Fact]
    public void Chinese_messages_with_lang_zh()
    {
        _workspace.Write("bad.policy", Policies.SyntaxError);
        var result = _workspace.Run("fmt", "bad.policy", "--lang", "zh");
        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("错误 PL0009", result.Stderr);
        Assert.Contains("有语法错误，未格式化", result.Stderr);
    }
}
