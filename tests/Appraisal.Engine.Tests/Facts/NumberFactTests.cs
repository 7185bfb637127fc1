
namespace Appraisal.Engine.Tests.Facts;

/// <summary>Numeric inputs: JSON numbers and strings with units, read as exact decimals.</summary>
public sealed class NumberFactTests : FactSpec
{
    private const string Money = "an amount of money: 1000, \"1000.50\", \"1000 yuan\" or \"¥1000\"";

    [Theory]
    [InlineData("1000", "1000")]
    [InlineData("1000.50", "1000.50")]
    [InlineData("\"1000.50\"", "1000.50")]
    [InlineData("\"1000 yuan\"", "1000")]
    [InlineData("\"1000yuan\"", "1000")]
    [InlineData("\"1000 元\"", "1000")]
    [InlineData("\"1000元\"", "1000")]
    [InlineData("\"¥1000\"", "1000")]
    [InlineData("\"￥1000.5\"", "1000.5")]
    [InlineData("\" 1000.00 \"", "1000.00")]
    public void Money_is_a_number_of_yuan_or_a_string_with_the_unit(string json, string yuan) =>
        Assert.Equal(yuan, Exact(Number("岗位工资", json)));

    [Theory]
    [InlineData("\"1000 dollars\"", "\"1000 dollars\"")]
    [InlineData("\"1,000\"", "\"1,000\"")]
    [InlineData("\"1e3\"", "\"1e3\"")]
    [InlineData("\"20分\"", "\"20分\"")]
    [InlineData("true", "true")]
    [InlineData("{}", "an object")]
    [InlineData("[1000]", "a list")]
    public void Money_in_another_form_is_rejected(string json, string found) =>
        AssertRejected(Doc().Replace("1000", json), "$.岗位工资", Money, found);

    [Fact]
    public void Money_outside_the_declared_range_is_rejected_with_the_range() =>
        AssertRejected(Doc().Replace("1000", "-1"), "$.岗位工资", "a value in 0 yuan..100000 yuan", "-1");

    [Fact]
    public void Decimal_precision_is_kept_exactly()
    {
        Assert.Equal("1000.10", Exact(Number("岗位工资", "\"1000.10\"")));
        Assert.Equal("1000.10", Exact(Number("岗位工资", "1000.10")));
        Assert.Equal(0.032m, Number("增长率", "0.032"));
        Assert.Equal("0.032", Exact(Number("增长率", "0.032")));
        // 0.1 + 0.2 is 0.3 exactly: the numbers never went through double.
        Assert.Equal(0.3m, Number("系数", "0.1") + Number("系数", "0.2"));
        Assert.Equal("0.1000000000000000000000000001", Exact(Number("系数", "\"0.1000000000000000000000000001\"")));
    }

    [Theory]
    [InlineData("0.032", "0.032")]
    [InlineData("\"3.2%\"", "0.032")]
    [InlineData("\"3.2 %\"", "0.032")]
    [InlineData("\"0.032\"", "0.032")]
    [InlineData("\"100%\"", "1")]
    [InlineData("1", "1")]
    [InlineData("0", "0")]
    [InlineData("\"3‰\"", "0.003")]
    [InlineData("\"0.5 ‰\"", "0.0005")]
    public void A_percent_is_the_fraction_or_a_string_with_a_percent_sign(string json, string fraction) =>
        Assert.Equal(fraction, Exact(Number("退款率", json)));

    [Fact]
    public void A_bare_number_above_1_for_a_percent_is_rejected_against_its_declared_range_with_how_to_write_it() =>
        AssertRejected(Doc().Replace("0.05", "3.2"), "$.退款率",
            "a value in 0%..100%; a bare number is the fraction itself (0.032 is 3.2%): write 0.032 or \"3.2%\"", "3.2");

    [Fact]
    public void A_numeric_string_above_1_for_a_percent_is_rejected_the_same_way() =>
        AssertRejected(Doc("\"增长率\": \"5\""), "$.增长率",
            "a fraction between -1 and 1, since a bare number is the fraction itself (0.032 is 3.2%): write 0.05 or \"5%\"", "\"5\"");

    [Fact]
    public void A_percent_above_100_percent_is_read_when_written_with_the_sign() =>
        Assert.Equal(1.5m, Number("增长率", "\"150%\""));

    [Fact]
    public void A_fraction_above_1_is_read_when_the_declared_range_reaches_beyond_100_percent() =>
        Assert.Equal(1.5m, Number("超额率", "1.5"));

    [Fact]
    public void A_negative_percent_is_read() => Assert.Equal(-0.05m, Number("增长率", "\"-5%\""));

    [Fact]
    public void A_percent_outside_the_declared_range_is_rejected_with_the_range_in_percent() =>
        AssertRejected(Doc().Replace("0.05", "\"120%\""), "$.退款率", "a value in 0%..100%", "\"120%\"");

    [Theory]
    [InlineData("3", "3")]
    [InlineData("\"3\"", "3")]
    [InlineData("\"3分\"", "3")]
    [InlineData("\"3 分\"", "3")]
    [InlineData("\"3 pts\"", "3")]
    [InlineData("4.5", "4.5")]
    public void Points_are_a_number_or_a_string_with_the_unit(string json, string points) =>
        Assert.Equal(points, Exact(Number("表现突出", json)));

    [Fact]
    public void Points_outside_the_declared_range_are_rejected() =>
        AssertRejected(Doc("\"表现突出\": 6"), "$.表现突出", "a value in 0..5", "6");

    [Theory]
    [InlineData("3", "3")]
    [InlineData("\"3\"", "3")]
    [InlineData("3.0", "3")]
    [InlineData("0", "0")]
    public void A_count_is_a_whole_number_of_at_least_0(string json, string count) =>
        Assert.Equal(count, Exact(Number("迟到", json)));

    [Theory]
    [InlineData("1.5")]
    [InlineData("-1")]
    [InlineData("\"1.5\"")]
    public void A_count_that_is_not_a_whole_number_of_at_least_0_is_rejected(string json) =>
        AssertRejected(Doc($"\"迟到\": {json}"), "$.迟到", "a whole number of at least 0", json);

    [Theory]
    [InlineData("24", "24")]
    [InlineData("1.5", "1.5")]
    [InlineData("\"24h\"", "24")]
    [InlineData("\"3d\"", "72")]
    [InlineData("\"30min\"", "0.5")]
    [InlineData("\"3天\"", "72")]
    [InlineData("\"3 天\"", "72")]
    [InlineData("\"24小时\"", "24")]
    [InlineData("\"90分钟\"", "1.5")]
    public void A_duration_is_hours_or_a_string_with_the_unit(string json, string hours) =>
        Assert.Equal(decimal.Parse(hours, System.Globalization.CultureInfo.InvariantCulture), Number("上门时长", json));

    [Fact]
    public void A_duration_in_another_unit_is_rejected() =>
        AssertRejected(Doc("\"上门时长\": \"3 weeks\""), "$.上门时长",
            "a duration: a number of hours (24) or \"24h\", \"3d\", \"30min\", \"3天\", \"24小时\"", "\"3 weeks\"");

    [Theory]
    [InlineData("2", "2")]
    [InlineData("-2.5", "-2.5")]
    [InlineData("\"2.50\"", "2.50")]
    [InlineData("1.5e3", "1500")]
    public void A_plain_number_is_a_JSON_number_or_a_numeric_string(string json, string number) =>
        Assert.Equal(number, Exact(Number("系数", json)));

    [Fact]
    public void A_plain_number_given_as_a_word_is_rejected() =>
        AssertRejected(Doc("\"系数\": \"two\""), "$.系数", "a number", "\"two\"");

    [Fact]
    public void A_number_too_large_for_a_decimal_is_an_error_naming_the_field()
    {
        const string fits = "a number between -79228162514264337593543950335 and 79228162514264337593543950335";
        AssertRejected(Doc("\"系数\": 1e400"), "$.系数", fits, "1e400");
        AssertRejected(Doc("\"系数\": 123456789012345678901234567890123"), "$.系数", fits, "123456789012345678901234567890123");
        AssertRejected(Doc("\"系数\": \"123456789012345678901234567890123\""), "$.系数", fits, "\"123456789012345678901234567890123\"");
        AssertRejected(Doc("\"上门时长\": \"79228162514264337593543950335d\""), "$.上门时长", fits, "\"79228162514264337593543950335d\"");
    }

    [Fact]
    public void A_huge_number_does_not_stop_the_reading_of_the_rest()
    {
        var result = Read(Doc("\"系数\": 1e400, \"迟到\": -1, \"投诉扣分\": [1e999, 5]"));
        Assert.Equal(["$.系数", "$.迟到", "$.投诉扣分[0]"], result.Errors.Select(e => e.Path));
    }

    [Fact]
    public void A_numeric_string_with_more_digits_than_a_decimal_holds_is_rejected_rather_than_rounded() =>
        AssertRejected(Doc("\"系数\": \"0.10000000000000000000000000000001\""), "$.系数",
            "a number of at most 28 significant digits", "\"0.10000000000000000000000000000001\"");
}
