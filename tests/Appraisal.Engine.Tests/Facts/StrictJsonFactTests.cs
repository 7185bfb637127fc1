using Appraisal.Engine.Facts;

namespace Appraisal.Engine.Tests.Facts;

/// <summary>Facts are strict JSON (RFC 8259): what the JSON reader would tolerate is malformed, and no number silently becomes 0.</summary>
public sealed class StrictJsonFactTests : FactSpec
{
    [Theory]
    [InlineData("{ /* 工资 */ \"岗位工资\": 1000, \"退款率\": 0.05 }", "$")]
    [InlineData("{ \"岗位工资\": 1000, \"退款率\": 0.05 // 5%\n}", "$.退款率")]
    [InlineData("{ \"岗位工资\": 1000, \"退款率\": 0.05, }", "$.退款率")]
    [InlineData("{ \"岗位工资\": 1000, \"退款率\": 0.05, \"投诉扣分\": [5, 10,] }", "$.投诉扣分[1]")]
    [InlineData("{ '岗位工资': 1000, \"退款率\": 0.05 }", "$")]
    [InlineData("{ \"岗位工资\": 1000, \"退款率\": 0.05, \"备注\": '单引号' }", "$.备注")]
    [InlineData("{ 岗位工资: 1000, \"退款率\": 0.05 }", "$")]
    [InlineData("{ \"岗位工资\": 01000, \"退款率\": 0.05 }", "$.岗位工资")]
    public void What_strict_JSON_does_not_allow_is_malformed_with_its_path_line_and_column(string json, string path)
    {
        var error = Rejected(json);
        Assert.Equal(("well-formed JSON", path), (error.Expected, error.Path));
        Assert.Matches(@"\(line \d+, column \d+\)$", error.Found);
    }

    [Fact]
    public void The_column_of_a_break_counts_characters_not_bytes()
    {
        var error = Rejected("{ \"岗位工资\": 1000, \"退款率\": 0.05, }");
        Assert.EndsWith("(line 1, column 30)", error.Found); // the closing brace after the trailing comma (byte 38)
    }

    [Theory]
    [InlineData("1e-400")]
    [InlineData("-1e-400")]
    [InlineData("0.00000000000000000000000000000001")]
    [InlineData("1e-29")]
    public void A_number_too_small_for_a_decimal_is_an_error_not_zero(string number) =>
        AssertRejected(Doc($"\"系数\": {number}"), "$.系数",
            "a number a decimal can hold (at least 0.0000000000000000000000000001 away from 0, or 0)", number);

    [Theory]
    [InlineData("0e-400", "0")]
    [InlineData("0.0", "0.0")]
    [InlineData("1e-28", "0.0000000000000000000000000001")]
    public void Zero_and_the_smallest_decimal_are_read(string number, string read) =>
        Assert.Equal(read, Exact(Number("系数", number)));

    [Fact]
    public void Every_underflowing_number_is_reported_with_the_other_violations()
    {
        var result = Read(Doc("\"系数\": 1e-400, \"投诉扣分\": [5, 1e-999], \"等级\": \"优秀\""));
        Assert.Equal(["$.系数", "$.投诉扣分[1]", "$.等级"], result.Errors.Select(e => e.Path));
    }
}
