using Newtonsoft.Json.Linq;

namespace Appraisal.Cli.Tests;

public sealed class CheckCommandTests : IDisposable
{
    private readonly Workspace _workspace = new();

    public void Dispose() => _workspace.Dispose();

    [Fact]
    public void Clean_file_exits_0_with_a_summary()
    {
        _workspace.Write("ok.policy", Policies.Clean);
        var result = _workspace.Run("check", "ok.policy");
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("0 error(s), 0 warning(s) in 1 file(s)\n", result.Stdout.ReplaceLineEndings("\n"));
        Assert.Equal("", result.Stderr);
    }

    [Fact]
    public void Errors_exit_1_and_print_the_relative_path_as_given()
    {
        _workspace.Write("policies/bad.policy", Policies.SyntaxError);
        var result = _workspace.Run("check", "policies/bad.policy");
        Assert.True(result.ExitCode == 1, result.ToString());
        var lines = result.Stdout.ReplaceLineEndings("\n").Split('\n');
        Assert.Equal("policies/bad.policy(4,20): error PL0009: expected an expression", lines[0]);
        Assert.Equal("output 扣分: points =", lines[1]);
        Assert.Equal(new string(' ', 21) + "^", lines[2]);
        Assert.Contains("1 error(s), 0 warning(s)", result.Stdout);
    }

    [Fact]
    public void Directories_are_searched_for_policy_files_in_sorted_order()
    {
        _workspace.Write("all/b.policy", Policies.SyntaxError);
        _workspace.Write("all/a/z.policy", Policies.SyntaxError);
        _workspace.Write("all/a.policy", Policies.Clean);
        _workspace.Write("all/notes.txt", "not a policy )))");
        var result = _workspace.Run("check", "all");
        Assert.True(result.ExitCode == 1, result.ToString());
        var first = result.Stdout.IndexOf("all/a/z.policy(4,20)", StringComparison.Ordinal);
        var second = result.Stdout.IndexOf("all/b.policy(4,20)", StringComparison.Ordinal);
        Assert.True(first >= 0 && second > first, result.ToString());
        Assert.DoesNotContain("notes.txt", result.Stdout);
        Assert.Contains("2 error(s), 0 warning(s)", result.Stdout);
    }

    [Fact]
    public void Several_paths_are_checked_together()
    {
        _workspace.Write("ok.policy", Policies.Clean);
        _workspace.Write("bad.policy", Policies.SyntaxError);
        var result = _workspace.Run("check", "ok.policy", "bad.policy");
        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("bad.policy(4,20)", result.Stdout);
    }

    [Fact]
    public void Json_output_is_an_array_of_diagnostics()
    {
        _workspace.Write("bad.policy", Policies.SyntaxError);
        var result = _workspace.Run("check", "bad.policy", "--format", "json");
        Assert.True(result.ExitCode == 1, result.ToString());
        var diagnostic = (JObject)Assert.Single(JArray.Parse(result.Stdout));
        Assert.Equal("bad.policy", (string?)diagnostic["file"]);
        Assert.Equal(4, (int?)diagnostic["line"]);
        Assert.Equal(20, (int?)diagnostic["column"]);
        Assert.Equal(4, (int?)diagnostic["endLine"]);
        Assert.Equal(20, (int?)diagnostic["endColumn"]);
        Assert.Equal("error", (string?)diagnostic["severity"]);
        Assert.Equal("PL0009", (string?)diagnostic["code"]);
        Assert.Equal("expected an expression", (string?)diagnostic["message"]);
        Assert.True(diagnostic.ContainsKey("hint"));
    }

    [Fact]
    public void Json_output_of_a_clean_file_is_an_empty_array()
    {
        _workspace.Write("ok.policy", Policies.Clean);
        var result = _workspace.Run("check", "--format", "json", "ok.policy");
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Empty(JArray.Parse(result.Stdout));
    }

    [Fact]
    public void Json_output_carries_each_quick_fix_as_edits()
    {
        _workspace.Write("typo.policy", "policy 售后\n\ninput { 退款率: percent in 0%..100% }\noutput 比例: percent = 退款\n");
        var result = _workspace.Run("check", "typo.policy", "--format", "json");
        Assert.True(result.ExitCode == 1, result.ToString());
        var diagnostic = (JObject)Assert.Single(JArray.Parse(result.Stdout));
        Assert.Equal("PL0101", (string?)diagnostic["code"]);
        var fix = (JObject)Assert.Single((JArray)diagnostic["fixes"]!);
        Assert.Equal("Change to '退款率'", (string?)fix["title"]);
        var edit = (JObject)Assert.Single((JArray)fix["edits"]!);
        Assert.Equal((4, 22, 4, 24, "退款率"), ((int)edit["line"]!, (int)edit["column"]!, (int)edit["endLine"]!, (int)edit["endColumn"]!, (string)edit["newText"]!));

        var zh = _workspace.Run("check", "typo.policy", "--format", "json", "--lang", "zh");
        Assert.Equal("改为 '退款率'", (string?)JArray.Parse(zh.Stdout)[0]["fixes"]![0]!["title"]);
    }

    [Fact]
    public void Chinese_messages_with_lang_zh()
    {
        _workspace.Write("bad.policy", Policies.SyntaxError);
        var result = _workspace.Run("check", "bad.policy", "--lang", "zh");
        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.StartsWith("bad.policy(4,20): 错误 PL0009: 此处缺少 表达式", result.Stdout);
        Assert.Contains("1 个错误，0 个警告", result.Stdout);

        var json = _workspace.Run("check", "bad.policy", "--lang", "zh", "--format", "json");
        Assert.Equal("此处缺少 表达式", (string?)JArray.Parse(json.Stdout)[0]["message"]);
    }

    [Theory]
    [InlineData("check", "nope.policy")]
    [InlineData("check", "nope")]
    public void Missing_path_is_a_usage_error(params string[] args)
    {
        var result = _workspace.Run(args);
        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("path not found: " + args[^1], result.Stderr);
        Assert.DoesNotContain("Exception", result.Stderr);
        Assert.Equal("", result.Stdout);
    }

    [Theory]
    [InlineData("check")]                                          // no path
    [InlineData("check", "ok.policy", "--bogus")]                  // unknown option
    [InlineData("check", "--bogus", "ok.policy")]
    [InlineData("check", "ok.policy", "--format", "xml")]          // bad option value
    [InlineData("check", "ok.policy", "--lang", "fr")]
    [InlineData("frobnicate", "ok.policy")]                        // unknown command
    [InlineData]                                                   // no command
    public void Bad_command_lines_exit_2_with_a_message(params string[] args)
    {
        _workspace.Write("ok.policy", Policies.Clean);
        var result = _workspace.Run(args);
        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.StartsWith("policy: ", result.Stderr);
        Assert.Contains("--help", result.Stderr);
        Assert.DoesNotContain("   at ", result.Stderr);
    }

    [Fact]
    public void Empty_directory_is_a_usage_error()
    {
        Directory.CreateDirectory(Path.Combine(_workspace.Root, "empty"));
        var result = _workspace.Run("check", "empty");
        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("no .policy files", result.Stderr);
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("check", "--help")]
    [InlineData("fmt", "--help")]
    public void Help_exits_0(params string[] args)
    {
        var result = _workspace.Run(args);
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("Usage:", result.Stdout);
    }
}
