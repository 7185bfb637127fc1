using Appraisal.Engine.Evaluation;
using Appraisal.Engine.Facts;
using Appraisal.Engine.Planning;
using Appraisal.Engine.Values;
using Appraisal.Policy.Diagnostics;
using Appraisal.Policy.Semantics;
using Appraisal.Policy.Text;
using Newtonsoft.Json;

namespace Appraisal.Engine.Tests.Robustness;

/// <summary>
/// Shrunk cases the evaluating fuzz test found: each once threw from the checker, the planner or an explanation.
/// Each now checks clean and evaluates and explains (or ends in a located error), on the tree with an explanation.
/// </summary>
public class EarlierEvaluationFuzzFailures
{
    [Theory]
    // A gate condition against a percent near the top of the decimal range: showing it multiplied by 100 overflowed.
    [InlineData("policy p\ninput { r: percent }\ngate g: r <= 79228162514264337593543950335%\noutput o: bool = g", """{"r": "5%"}""",
        "r <= 79228162514264337593543950335%: 满足（5% ≤ 79228162514264337593543950335%）")]
    // "How far from passing" between the two ends of the decimal range: the difference overflowed.
    [InlineData("policy p\ninput { x: number }\ngate g: x >= 79228162514264337593543950335\noutput o: bool = g", """{"x": "-79228162514264337593543950335"}""",
        "x >= 79228162514264337593543950335: 不满足（-79228162514264337593543950335 ≥ 79228162514264337593543950335）")]
    // A table band at the top of the decimal range: the checker's sample above the last bound overflowed.
    [InlineData("policy p\ninput { v: number }\ntable t(v: number) -> number first { < 79228162514264337593543950335 => 1  else => 0 }\noutput o: number = t(v)",
        """{"v": 3}""", "第 1 行")]
    [InlineData("policy p\ninput { n: count }\ntable t(n: count) -> number first { >= 79228162514264337593543950335 => 1  else => 0 }\noutput o: number = t(n)",
        """{"n": 3}""", "第 2 行")]
    // A promotion step wider than the levels: it was made an int and overflowed while planning.
    [InlineData("policy p period year effective 2026-01-01\nenum 级 { 无, 初级 }\ninput { 当前: 级  a: count = 0 }\nlevels 评: 级 from 当前 step 99999999999999 {\n  无 { }\n  初级 { a >= 1 }\n}\noutput o: 级 = 评",
        """{"当前": "无", "a": 2}""", "初级：要求全部满足")]
    public void Evaluates_and_explains(string policy, string facts, string shown)
    {
        var checkedPolicy = Checker.Check(new SourceText("p.policy", policy));
        Assert.Empty(checkedPolicy.Diagnostics.Where(d => d.IsError).Select(d => d.Message()));
        var plan = Planner.Plan(checkedPolicy);
        var read = FactReader.Read(plan.Inputs, facts);
        Assert.True(read.IsValid, string.Join("; ", read.Errors.Select(e => e.Path + ": " + e.Expected)));
        var outcome = Evaluator.Evaluate(plan, read.Facts!, new EvaluationOptions { Explain = true, Period = PeriodFor(plan) });
        Assert.Contains(shown, ExplanationText.Render(outcome, Language.Zh));
        Assert.NotEmpty(ExplanationText.Render(outcome, Language.En));
        ExplanationJson.Write(new JsonTextWriter(new StringWriter()), outcome);
    }

    private static PeriodValue? PeriodFor(PolicyPlan plan) =>
        plan.PeriodKind is { } kind ? PeriodValue.FromOrdinal(kind, 2026 * PeriodValue.PerYear(kind)) : null;

    [Fact]
    public void Forced_distribution_shares_beyond_a_decimal_are_a_diagnostic_not_an_overflow_in_a_group()
    {
        var result = Checker.Check(new SourceText("p.policy", """
            policy p period quarter effective 2026-01-01
            enum 评级 { 优, 中, 差 }
            input { s: points }
            distribute 分布: 评级 by s desc ratio 优 2 : 中 79228162514264337593543950335 : 差 1 ties higher
            output o: 评级 = 分布
            """));
        Assert.Equal("PL0807", Assert.Single(result.Diagnostics, d => d.IsError).Code);
    }
}
