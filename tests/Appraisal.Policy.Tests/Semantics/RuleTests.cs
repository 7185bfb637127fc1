using Appraisal.Policy.Semantics;
using Appraisal.Policy.Text;

namespace Appraisal.Policy.Tests.Semantics;

/// <summary>What the checker accepts and rejects for the rules with a shape of their own.</summary>
public class RuleTests
{
    private static IReadOnlyList<string> Codes(string source) =>
        Checker.Check(new SourceText("t.policy", source)).Diagnostics.Select(d => d.Code).ToList();

    [Fact]
    public void Escalation_conditions_read_earlier_periods_so_an_output_may_feed_its_own_escalation()
    {
        Assert.Empty(Codes("""
            policy 季度绩效 period quarter
            input { 指标一达成: bool  指标二达成: bool }
            escalation 提取比例: percent {
              start 10%
              step 5% when 双指标未达成
              cap 25%
              reset when not 双指标未达成
            }
            output 双指标未达成: bool = not 指标一达成 and not 指标二达成
            output 绩效比例: percent = 提取比例
            """));
    }

    [Fact]
    public void Within_one_period_a_rule_may_not_depend_on_itself()
    {
        Assert.Equal(new[] { "PL0301" }, Codes("""
            policy t
            input { 基数: points }
            output 甲: points = 乙 + 基数
            output 乙: points = 甲
            """));
    }

    [Fact]
    public void Levels_are_cumulative_requirements_over_an_ordered_enum()
    {
        Assert.Empty(Codes("""
            policy 家政 period year
            enum 家政等级 { 初级, 中级, 高级 }
            input { 当前等级: 家政等级  主食: count = 0  菜肴: count = 0  西餐: count = 0 }
            levels 评定: 家政等级 from 当前等级 step 1 {
              初级 { 主食 >= 2, 菜肴 >= 2 }
              中级 { 主食 >= 4, 菜肴 >= 4 }
              高级 { 西餐 >= 5 "5 种西餐" }
            }
            output 等级: 家政等级 = 评定
            output 已是高级: bool = 评定 >= 高级
            """));
    }

    [Fact]
    public void A_veto_overrides_outputs_with_values_of_their_type()
    {
        Assert.Equal(new[] { "PL0201" }, Codes("""
            policy t
            input { 伪造签名: bool = false  得分: points }
            veto 一票否决 when 伪造签名 {
              结论 = 0 yuan
            }
            output 结论: points = 得分
            """));
    }

    [Fact]
    public void Exceptions_replace_the_base_value_and_must_have_its_type()
    {
        Assert.Empty(Codes("""
            policy t
            input { 试用期: bool = false  得分: points in 0..130 }
            output 奖金: money round 0.01 = 1000 yuan * 得分 / 130 pts
              unless 试用期 => 0 yuan
            """));
        Assert.Equal(new[] { "PL0201" }, Codes("""
            policy t
            input { 试用期: bool = false  得分: points in 0..130 }
            output 奖金: money round 0.01 = 1000 yuan * 得分 / 130 pts
              unless 试用期 => 0
              unless 得分 > 200 => true
            """));
    }

    [Fact]
    public void A_forced_distribution_shares_out_every_grade_in_order()
    {
        Assert.Empty(Codes("""
            policy 满意度 period quarter
            enum 评级 { 优秀, 达标, 不达标 }
            input { 指数: points in 0..100 }
            distribute 强制分布: 评级 by 指数 desc ratio 优秀 2 : 达标 7 : 不达标 1 ties higher
            rank 排名 by 指数
            output 等级: 评级 = 强制分布
            output 名次: count = 排名
            """));
    }

    [Fact]
    public void Parameters_with_dated_values_and_constraints()
    {
        Assert.Empty(Codes("""
            policy 采购 period year
            enum 类别 { 货物, 服务 }
            param 采购类别: 类别 = 服务
            param 价格权重: percent = 20%
            constraint 货物价格权重: 采购类别 != 货物 or 价格权重 in 30%..60% "货物类价格权重 30%–60%"
            constraint 服务价格权重: 采购类别 != 服务 or 价格权重 in 10%..30% "服务类价格权重 10%–30%"
            param 底薪: money { 2026-01-01 => 2000 yuan  2026-07-01 => 2200 yuan }
            input { 价格分: points in 0..100 }
            output 加权价格分: points = 价格权重 of 价格分
            output 工资: money round 0.01 = 底薪
            """));
    }
}

public class DefaultValueTests
{
    [Fact]
    public void Input_defaults_must_be_constants()
    {
        var result = Checker.Check(new SourceText("t.policy", """
            policy t
            input { 基数: points  加分: points = 基数  投诉: list of points = [5, 10] }
            output o: points = 基数 + 加分 + sum(p in 投诉 : p)
            """));
        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal("PL0208", diagnostic.Code);
        Assert.Equal("a default value must be a constant (literals and parameters only)", diagnostic.Message());
    }
}

public class RangeTests
{
    [Fact]
    public void Defaults_and_test_values_must_lie_within_the_declared_range()
    {
        var result = Checker.Check(new SourceText("t.policy", """
            policy t
            record 单 { 半径: number in 0..100 }
            input { 率: percent in 0%..100% = 150%  单据: list of 单 = [] }
            output o: bool = 率 > 50% and count(d in 单据 where d.半径 > 10) > 0
            test "超出范围" { given { 率: 120%, 单据: [ { 半径: 200 } ] } expect { o: true } }
            """));
        Assert.Equal(new[] { "率 is 150%, outside 0%..100%", "率 is 120%, outside 0%..100%", "半径 is 200, outside 0..100" },
            result.Diagnostics.Select(d => d.Message()).ToArray());
    }
}

public class IncludePathTests
{
    [Theory]
    [InlineData("a\0b.policy")]
    [InlineData("/etc/passwd")]
    [InlineData("../../../../../../../../etc/passwd")]
    public void Paths_that_cannot_or_must_not_be_read_are_reported_not_thrown(string path)
    {
        var root = Path.Combine(Path.GetTempPath(), "include-root-" + Environment.ProcessId);
        Directory.CreateDirectory(root);
        var result = Checker.Check(new SourceText("p.policy", $"policy t\ninclude \"{path}\"\n"), new IncludeReader(root));
        Assert.Contains(result.Diagnostics, d => d.Code == "PL1001");
    }
}
