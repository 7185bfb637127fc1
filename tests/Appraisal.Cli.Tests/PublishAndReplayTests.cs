using Newtonsoft.Json.Linq;

namespace Appraisal.Cli.Tests;

/// <summary>
/// <c>policy publish</c> puts a version into the ledger's registry only when it checks clean and its tests pass;
/// <c>policy replay</c> evaluates recorded decisions again from what the ledger kept and reports any difference.
/// </summary>
public sealed class PublishAndReplayTests : IDisposable
{
    private readonly Workspace _workspace = new();

    public PublishAndReplayTests() => _workspace.Write("policies/grades/等级.policy", Policies.Grades);

    public void Dispose() => _workspace.Dispose();

    [Fact]
    public void A_clean_version_is_published_with_its_effective_date_and_a_failing_test_refuses_it()
    {
        var published = _workspace.Run("publish", "policies/grades/等级.policy", "--effective", "2026-04-01", "--ledger", "ledger.db",
            "--message", "年度方案", "--by", "hr-admin");

        Assert.True(published.ExitCode == 0, published.ToString());
        Assert.Matches(@"^published grades/等级 version [0-9a-f]{16} as publication 1, in force from 2026-04-01 \(by hr-admin\)", published.Stdout);

        _workspace.Write("policies/grades/等级.policy", Policies.Grades.Replace("800.00 yuan", "900.00 yuan"));
        var refused = _workspace.Run("publish", "policies/grades/等级.policy", "--effective", "2026-07-01", "--ledger", "ledger.db", "--lang", "zh");

        Assert.True(refused.ExitCode == 1, refused.ToString());
        Assert.Contains("测试「八十分」未通过", refused.Stderr);
        Assert.Contains("policy：未发布：grades/等级 有 1 个测试未通过", refused.Stderr);
    }

    [Fact]
    public void Publish_refuses_a_policy_with_errors_and_a_date_that_is_not_one()
    {
        _workspace.Write("policies/grades/坏.policy", "policy 坏\ninput { 得分: points }\noutput 奖金: money = 未知\n");

        var broken = _workspace.Run("publish", "policies/grades/坏.policy", "--effective", "2026-04-01", "--ledger", "ledger.db");
        var badDate = _workspace.Run("publish", "policies/grades/等级.policy", "--effective", "2026-13-01", "--ledger", "ledger.db");

        Assert.True(broken.ExitCode == 1, broken.ToString());
        Assert.Contains("grades/坏.policy(3,", broken.Stderr); // located
        Assert.Matches(@"not published: grades/坏 has \d+ error\(s\)", broken.Stderr);
        Assert.Equal(2, badDate.ExitCode);
        Assert.Contains("--effective '2026-13-01' is not a date such as 2026-04-01", badDate.Stderr);
    }

    [Fact]
    public void Recorded_decisions_replay_identically_one_by_one_and_by_period_even_after_the_file_changed()
    {
        foreach (var (id, score) in new[] { ("r1", "80"), ("r2", "95") })
        {
            _workspace.Write($"{id}.json", $$"""{ "得分": {{score}} }""");
            var recorded = _workspace.Run("eval", "policies/grades/等级.policy", "--facts", $"{id}.json", "--period", "2026-Q2", "--ledger", "ledger.db",
                "--record", "--subject", "E-" + id, "--request-id", id);
            Assert.True(recorded.ExitCode == 0, recorded.ToString());
        }
        _workspace.Write("policies/grades/等级.policy", Policies.Grades.Replace("* 10 yuan", "* 20 yuan")); // the file moves on; the registry kept the version

        var one = _workspace.Run("replay", "--request-id", "r1", "--ledger", "ledger.db", "--explain", "text");
        var batch = _workspace.Run("replay", "--period", "2026-Q2", "--ledger", "ledger.db", "--format", "json");

        Assert.True(one.ExitCode == 0, one.ToString());
        Assert.Contains("identical", one.Stdout);
        Assert.Contains("800.00", one.Stdout); // the regenerated explanation, with its numbers
        Assert.True(batch.ExitCode == 0, batch.ToString());
        var json = JObject.Parse(batch.Stdout);
        Assert.Equal(["identical", "identical"], json["records"]!.Select(r => (string)r["status"]!));
        Assert.Equal(2, (int)json["summary"]!["identical"]!);
        Assert.Equal(0, (int)json["summary"]!["different"]!);
    }

    [Fact]
    public void Replay_needs_something_to_replay_and_an_existing_ledger()
    {
        var nothing = _workspace.Run("replay", "--ledger", "ledger.db");
        var noFile = _workspace.Run("replay", "--period", "2026-Q2", "--ledger", "missing.db");

        Assert.Equal(2, nothing.ExitCode);
        Assert.Contains("--request-id, --period, --subject or --policy-id is required", nothing.Stderr);
        Assert.Equal(2, noFile.ExitCode);
        Assert.Contains("ledger file not found: missing.db", noFile.Stderr);
    }
}
