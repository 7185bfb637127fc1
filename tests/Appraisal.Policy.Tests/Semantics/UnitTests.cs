using Appraisal.Policy.Semantics;
using Appraisal.Policy.Text;

namespace Appraisal.Policy.Tests.Semantics;

/// <summary>Units are types: what each arithmetic combination produces, and which are errors.</summary>
public class UnitTests
{
    private static string TypeOf(string expression, string inputs = "")
    {
        var source = $"policy t\ninput {{ s: points  m: money  p: percent  n: count  d1: date  d2: date {inputs} }}\nlet x = {expression}\noutput o: bool = true\n";
        var result = Checker.Check(new SourceText("t.policy", source));
        var errors = result.Diagnostics.Where(d => d.IsError).ToList();
        if (errors.Count > 0) return string.Join(" ", errors.Select(d => d.Code));
        var let = result.Model.Globals["x"];
        return result.Model.TypeOf(let).Display;
    }

    [Theory]
    [InlineData("s + 5", "points")]
    [InlineData("s + m", "PL0202")]
    [InlineData("m * 2", "money")]
    [InlineData("m * p", "money")]
    [InlineData("70% of s", "points")]
    [InlineData("p of m", "money")]
    [InlineData("5 each n", "number")]
    [InlineData("5 pts each n", "points")]
    [InlineData("5 pts each p", "PL0201")]
    [InlineData("m / s", "money / points")]
    [InlineData("m * s / 130 pts", "money")]
    [InlineData("s / 130 pts", "number")]
    [InlineData("p + 0.05", "percent")]
    [InlineData("p + n", "PL0202")]
    [InlineData("d2 - d1", "duration")]
    [InlineData("d1 + 3天", "date")]
    [InlineData("s >= 70% of 130 pts", "bool")]
    [InlineData("m > s", "PL0202")]
    [InlineData("if s > 90 then m else 0", "money")]
    [InlineData("if s > 90 then m else s", "PL0202")]
    [InlineData("min(m, 500 yuan)", "money")]
    [InlineData("round(m * 1.5, 0.01)", "money")]
    public void Arithmetic_on_units(string expression, string expected) => Assert.Equal(expected, TypeOf(expression));

    [Fact]
    public void Aggregations_range_over_lists_of_records()
    {
        const string source = """
            policy t
            enum 结果 { 已处理, 未处理 }
            record 投诉 { 结果: 结果  扣分: points }
            input { 投诉: list of 投诉 = [] }
            output 扣分合计: points = sum(c in 投诉 where c.结果 == 已处理 : c.扣分)
            output 未处理数: count = count(c in 投诉 where c.结果 == 未处理)
            output 全部处理: bool = all(c in 投诉 : c.结果 == 已处理)
            """;
        var result = Checker.Check(new SourceText("t.policy", source));
        Assert.Empty(result.Diagnostics);
    }

    [Fact]
    public void A_record_field_that_does_not_exist_is_named()
    {
        const string source = """
            policy t
            record 投诉 { 扣分: points }
            input { 投诉: list of 投诉 = [] }
            output 合计: points = sum(c in 投诉 : c.分数)
            """;
        var diagnostic = Assert.Single(Checker.Check(new SourceText("t.policy", source)).Diagnostics);
        Assert.Equal("PL0105", diagnostic.Code);
        Assert.Equal("'c' has no member '分数'", diagnostic.Message());
        Assert.Equal("members: 扣分", diagnostic.Hint());
    }
}
