using Appraisal.Engine.Evaluation;
using Appraisal.Engine.Planning;
using Appraisal.Engine.Testing;
using Appraisal.Policy.Diagnostics;
using Appraisal.Policy.Semantics;
using Appraisal.Policy.Text;

namespace Appraisal.Engine.Tests;

/// <summary>Explanations an employee can follow: the table row behind a score, how far from the pass line.</summary>
public class ExplanationTests
{
    private static readonly PolicyPlan AfterSales =
        PolicyPipeline.LoadFile(Path.Combine(RepositoryPaths.Policies, "after-sales", "售后客服考核.policy")).Plan!;

    private static Outcome TestOutcome(string title) =>
        PolicyTestRunner.Run(AfterSales, explain: true).Single(r => r.Title == title).Outcomes[0];

    [Fact]
    public void A_score_names_the_table_row_it_came_from()
    {
        var text = ExplanationText.Render(TestOutcome("恰好 91 分：在合格线上"), Language.Zh);
        Assert.Contains("退款率分(6%) 第 2 行「<= 8%  => 20」→ 20 分（退款率）", text); // the item the row serves
        Assert.Contains("考核.score >= 70% of 考核.max: 满足（91 分 ≥ 70% × 130 分（考核.max） = 91 分）", text);
        Assert.Contains("KPI奖金 = 700.00 元", text);
        // The arithmetic with the values substituted, then the rounding the output states.
        Assert.Contains("= 合格（是），取 1000 元（KPI总奖金） × 91 分（考核.score） ÷ 130 分（考核.max） = 700 元 → 700.00 元（四舍五入到 0.01）", text);
    }

    [Fact]
    public void A_failed_gate_says_how_far_from_passing()
    {
        var text = ExplanationText.Render(TestOutcome("90 分：低于合格线，无奖金"), Language.En);
        Assert.Contains("考核.score >= 70% of 考核.max: does not hold (90 pts ≥ 70% × 130 pts (考核.max) = 91 pts), short by 1 pts", text);
        Assert.Contains("→ not passed: 低于总分 70%，考核不合格，无 KPI 奖金", text); // the gate's otherwise
        Assert.Contains("KPI奖金 = 0.00 yuan", text);
    }

    [Fact]
    public void A_floor_that_was_reached_is_shown()
    {
        var text = ExplanationText.Render(TestOutcome("出勤扣到 0 为止"), Language.Zh);
        Assert.Contains("出勤：20 − 5 × 0（迟到） − 5 × 0（请假） − 10 × 3（旷工） = -10 → 下限 0 / 20 分", text);
    }

    [Fact]
    public void Without_an_explanation_nothing_is_traced()
    {
        var result = PolicyTestRunner.Run(AfterSales, explain: false).First();
        Assert.Null(result.Outcomes[0].Explanation);
    }
}
