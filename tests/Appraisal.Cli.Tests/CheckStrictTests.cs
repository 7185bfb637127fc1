namespace Appraisal.Cli.Tests;

/// <summary>`policy check --strict` and the count of files checked.</summary>
public sealed class CheckStrictTests : IDisposable
{
    private readonly Workspace _workspace = new();

    public void Dispose() => _workspace.Dispose();

    /// <summary>One warning: input 早退 is never used (PL0701).</summary>
    private const string Warning = "policy 出勤\ninput { 迟到: count = 0  早退: count = 0 }\noutput 扣分: points = 5 each 迟到\n";

    [Fact]
    public void A_warning_passes_without_strict()
    {
        _workspace.Write("w.policy", Warning);
        var result = _workspace.Run("check", "w.policy");
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.StartsWith("w.policy(2,24): warning PL0701: input '早退' is never used\n", result.Stdout.ReplaceLineEndings("\n"));
        Assert.EndsWith("0 error(s), 1 warning(s) in 1 file(s)\n", result.Stdout.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void A_warning_fails_with_strict()
    {
        _workspace.Write("w.policy", Warning);
        var result = _workspace.Run("check", "--strict", "w.policy");
        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Equal("policy: --strict: 1 warning(s) fail the check\n", result.Stderr.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void A_clean_file_passes_with_strict()
    {
        _workspace.Write("ok.policy", Policies.Clean);
        var result = _workspace.Run("check", "--strict", "ok.policy");
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("", result.Stderr);
    }

    [Fact]
    public void The_summary_says_how_many_files_were_checked()
    {
        _workspace.Write("all/a.policy", Policies.Clean);
        _workspace.Write("all/b/c.policy", Policies.Clean);
        _workspace.Write("d.policy", Policies.Clean);
        var result = _workspace.Run("check", "all", "d.policy");
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("0 error(s), 0 warning(s) in 3 file(s)\n", result.Stdout.ReplaceLineEndings("\n"));
        var zh = _workspace.Run("check", "all", "d.policy", "--lang", "zh");
        Assert.Equal("3 个文件：0 个错误，0 个警告\n", zh.Stdout.ReplaceLineEndings("\n"));
    }
}
