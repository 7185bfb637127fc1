namespace Appraisal.Cli.Tests;

/// <summary><c>policy eval … --explain html</c>: a statement page on stdout (Chinese unless --lang en), a group on one page.</summary>
public class StatementCommandTests
{
    private const string Policy = """
        policy 季度考核 period quarter
          version 2026.2
        source "考核办法 第 2 条"
        input { 业绩: points in 0..100  投诉: count in 0..10 = 0 }
        scorecard 考核 out of 100 {
          item 业绩 max 100 = 业绩
          deduct 投诉 = 5 each 投诉
        }
        output 得分: points = 考核.score
        output 奖金: money round 0.01 = 考核.score / 考核.max of 2000 yuan
        """;

    [Fact]
    public void A_statement_page_is_written_to_stdout_in_Chinese_by_default()
    {
        using var workspace = new Workspace();
        workspace.Write("p.policy", Policy);
        workspace.Write("f.json", """{ "业绩": 90, "投诉": 1 }""");
        var result = workspace.Run("eval", "p.policy", "--facts", "f.json", "--explain", "html", "--subject", "E<1>", "--period", "2026-Q2");
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.StartsWith("<!DOCTYPE html>", result.Stdout);
        Assert.Contains("<html lang=\"zh-CN\">", result.Stdout);
        Assert.Contains("<title>季度考核 · E&lt;1&gt; · 2026-Q2</title>", result.Stdout);
        Assert.Contains("<div class=\"version\"><dt>策略版本</dt><dd>2026.2</dd></div>", result.Stdout);
        Assert.Contains("aria-valuemax=\"100\" aria-valuenow=\"90\"", result.Stdout);
        Assert.Contains("扣 5 分", result.Stdout);
        Assert.Contains("data-output=\"奖金\" data-value=\"1700\"><dt>奖金</dt><dd class=\"value\">1700.00 元</dd>", result.Stdout);
        Assert.Contains("<blockquote>考核办法 第 2 条</blockquote>", result.Stdout);
        Assert.Equal("", result.Stderr);
    }

    [Fact]
    public void English_with_lang_en()
    {
        using var workspace = new Workspace();
        workspace.Write("p.policy", Policy);
        workspace.Write("f.json", """{ "业绩": 90 }""");
        var result = workspace.Run("eval", "p.policy", "--facts", "f.json", "--explain", "html", "--lang", "en");
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("<html lang=\"en\">", result.Stdout);
        Assert.Contains("<title>季度考核</title>", result.Stdout);
        Assert.Contains("no deduction", result.Stdout);
        Assert.Contains("1800.00 yuan", result.Stdout);
    }

    [Fact]
    public void A_group_is_one_page_with_a_section_per_member()
    {
        using var workspace = new Workspace();
        workspace.Write("p.policy", Policy);
        workspace.Write("g.json", """{ "E1": { "业绩": 90 }, "E2": { "业绩": 60, "投诉": 2 } }""");
        var result = workspace.Run("eval", "p.policy", "--facts", "g.json", "--group", "--explain", "html", "--period", "2026-Q2");
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(result.Stdout, "<html"));
        Assert.Contains("<article class=\"statement\" data-subject=\"E1\">", result.Stdout);
        Assert.Contains("<article class=\"statement\" data-subject=\"E2\">", result.Stdout);
        Assert.Contains("扣 10 分", result.Stdout);
    }

    [Fact]
    public void A_recorded_retry_is_rendered_from_its_record()
    {
        using var workspace = new Workspace();
        workspace.Write("p.policy", Policy);
        workspace.Write("f.json", """{ "业绩": 90, "投诉": 1 }""");
        string[] args = ["eval", "p.policy", "--facts", "f.json", "--explain", "html", "--subject", "E1", "--period", "2026-Q2",
            "--ledger", "ledger.db", "--record", "--request-id", "r-1"];
        var first = workspace.Run(args);
        Assert.True(first.ExitCode == 0, first.ToString());
        var again = workspace.Run(args);
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Contains("already recorded", again.Stderr);
        foreach (var page in new[] { first.Stdout, again.Stdout })
        {
            Assert.Contains("<div class=\"request\"><dt>记录请求</dt><dd>r-1</dd></div>", page);
            Assert.Contains("aria-valuemax=\"100\" aria-valuenow=\"90\"", page);
            Assert.Contains("1700.00 元", page);
            Assert.Contains("<blockquote>考核办法 第 2 条</blockquote>", page);
        }
    }

    [Fact]
    public void A_retry_after_the_policy_changed_is_rendered_from_its_record_without_the_new_plan()
    {
        using var workspace = new Workspace();
        workspace.Write("p.policy", Policy);
        workspace.Write("f.json", """{ "业绩": 90, "投诉": 1 }""");
        string[] args = ["eval", "p.policy", "--facts", "f.json", "--explain", "html", "--subject", "E1", "--period", "2026-Q2",
            "--ledger", "ledger.db", "--record", "--request-id", "r-1"];
        Assert.Equal(0, workspace.Run(args).ExitCode);
        workspace.Write("p.policy", Policy.Replace("考核办法 第 2 条", "考核办法 第 3 条"));
        var again = workspace.Run(args);
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Contains("already recorded", again.Stderr);
        Assert.Contains("记录时的策略版本已不再提供", again.Stdout);
        Assert.DoesNotContain("第 3 条", again.Stdout);
        Assert.Contains("1700.00 元", again.Stdout);
        Assert.Contains("data-item=\"业绩\" data-score=\"90\"", again.Stdout);
    }

    [Fact]
    public void A_batch_has_no_statement()
    {
        using var workspace = new Workspace();
        workspace.Write("p.policy", Policy);
        workspace.Write("f.jsonl", """{ "业绩": 90 }""");
        var result = workspace.Run("eval", "p.policy", "--facts", "f.jsonl", "--batch", "--explain", "html");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--explain html", result.Stderr);
    }
}
