using Appraisal.Engine.Facts;

namespace Appraisal.Engine.Tests.Facts;

/// <summary>The canonical text of validated facts: one text per meaning, whatever the spelling.</summary>
public sealed class CanonicalFactsTests : FactSpec
{
    private static string Canonical(string json)
    {
        var result = Read(json);
        Assert.True(result.IsValid, "rejected: " + string.Join("; ", result.Errors.Select(e => e.Message)));
        return CanonicalFacts.Write(Schema, result.Facts!);
    }

    [Theory]
    [InlineData("""{ "岗位工资": 1000, "退款率": 0.05 }""", """{ "退款率": 0.05, "岗位工资": 1000 }""")] // keys in another order
    [InlineData("""{ "岗位工资": 1000, "退款率": 0.05 }""", """{ "岗位工资": 1000.00, "退款率": 0.050 }""")] // 1000.00 for 1000
    [InlineData("""{ "岗位工资": 1000, "退款率": 0.05 }""", """{ "岗位工资": "1000 yuan", "退款率": "5%" }""")] // units spelled out
    [InlineData("""{ "岗位工资": 1000, "退款率": 0.05 }""", """{ "岗位工资": 1000, "退款率": 0.05, "迟到": 0, "等级": "良", "投诉": [] }""")] // defaults given
    [InlineData("""{ "岗位工资": 1000, "退款率": 0.05 }""", """{ "岗位工资": 1000, "退款率": 0.05, "系数": null }""")] // null: the default
    [InlineData("""{ "岗位工资": 1, "退款率": 0, "投诉": [{ "结果": "已处理", "响应时长": "1d" }] }""",
        """{ "退款率": -0.0, "岗位工资": 1.0, "投诉": [{ "响应时长": 24, "扣分": 5, "结果": "已处理", "满意度": "100%" }] }""")] // records too
    public void Facts_that_mean_the_same_have_one_canonical_text(string one, string other) =>
        Assert.Equal(Canonical(one), Canonical(other));

    [Theory]
    [InlineData("""{ "岗位工资": 1000, "退款率": 0.05 }""", """{ "岗位工资": 1000.01, "退款率": 0.05 }""")]
    [InlineData("""{ "岗位工资": 1000, "退款率": 0.05 }""", """{ "岗位工资": 1000, "退款率": 0.05, "迟到": 1 }""")]
    [InlineData("""{ "岗位工资": 1000, "退款率": 0.05 }""", """{ "岗位工资": 1000, "退款率": 0.05, "备注": "0" }""")]
    [InlineData("""{ "岗位工资": 1000, "退款率": 0.05, "投诉扣分": [5, 10] }""", """{ "岗位工资": 1000, "退款率": 0.05, "投诉扣分": [10, 5] }""")]
    public void Facts_that_mean_something_else_have_another_canonical_text(string one, string other) =>
        Assert.NotEqual(Canonical(one), Canonical(other));

    [Fact]
    public void The_canonical_text_lists_every_input_in_declared_order_with_defaults_applied()
    {
        var text = Canonical("""{ "退款率": "5%", "岗位工资": "1000.50元" }""");
        Assert.StartsWith("{\"岗位工资\":1000.5,\"退款率\":0.05,\"增长率\":0,\"超额率\":0,\"表现突出\":0,\"迟到\":0,", text);
        Assert.EndsWith("\"等级\":\"良\",\"系数\":1,\"投诉\":[],\"投诉扣分\":[],\"复评分\":null}", text);
    }

    [Theory]
    [InlineData("1", "1")]
    [InlineData("1.0", "1")]
    [InlineData("1.500", "1.5")]
    [InlineData("-0.00", "0")]
    [InlineData("100", "100")]
    [InlineData("0.0000000000000000000000000001", "0.0000000000000000000000000001")]
    [InlineData("79228162514264337593543950335", "79228162514264337593543950335")]
    public void A_number_is_written_without_trailing_zeros(string number, string canonical) =>
        Assert.Equal(canonical, CanonicalFacts.Number(decimal.Parse(number, System.Globalization.CultureInfo.InvariantCulture)));
}
