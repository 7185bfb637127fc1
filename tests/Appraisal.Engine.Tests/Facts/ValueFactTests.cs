using Appraisal.Engine.Values;
using Appraisal.Policy.Syntax;

namespace Appraisal.Engine.Tests.Facts;

/// <summary>Dates, periods, booleans, text and enum members.</summary>
public sealed class ValueFactTests : FactSpec
{
    [Fact]
    public void A_date_is_written_YYYY_MM_DD() =>
        Assert.Equal(new DateOnly(2026, 3, 20), Accepted(Doc("\"入职日期\": \"2026-03-20\""), "入职日期").AsDate);

    [Fact]
    public void A_date_that_does_not_exist_is_rejected() =>
        AssertRejected(Doc("\"入职日期\": \"2026-02-30\""), "$.入职日期", "a date that exists, \"YYYY-MM-DD\"", "\"2026-02-30\"");

    [Theory]
    [InlineData("\"2026/03/20\"")]
    [InlineData("\"2026-3-20\"")]
    [InlineData("\"2026-03-20T00:00:00\"")]
    [InlineData("20260320")]
    public void A_date_in_another_shape_is_rejected(string json) =>
        AssertRejected(Doc($"\"入职日期\": {json}"), "$.入职日期", "a date \"YYYY-MM-DD\"", json);

    [Theory]
    [InlineData("2026-Q1", PeriodKind.Quarter, 1)]
    [InlineData("2026-q4", PeriodKind.Quarter, 4)]
    [InlineData("2026-H1", PeriodKind.Half, 1)]
    [InlineData("2026-03", PeriodKind.Month, 3)]
    [InlineData("2026", PeriodKind.Year, 1)]
    public void A_period_is_a_quarter_half_month_or_year(string text, PeriodKind kind, int index) =>
        Assert.Equal(new PeriodValue(kind, 2026, index), Accepted(Doc($"\"考核期\": \"{text}\""), "考核期").AsPeriod);

    [Theory]
    [InlineData("\"2026-13\"")]
    [InlineData("\"2026-Q5\"")]
    [InlineData("\"Q1 2026\"")]
    [InlineData("2026")]
    public void A_period_in_another_shape_is_rejected(string json) =>
        AssertRejected(Doc($"\"考核期\": {json}"), "$.考核期", "a period \"2026-Q1\", \"2026-H1\", \"2026-03\" or \"2026\"", json);

    [Theory]
    [InlineData("true", true)]
    [InlineData("false", false)]
    public void A_bool_is_true_or_false(string json, bool value) =>
        Assert.Equal(value, Accepted(Doc($"\"转正\": {json}"), "转正").AsBool);

    [Theory]
    [InlineData("\"true\"")]
    [InlineData("1")]
    [InlineData("\"是\"")]
    public void A_bool_in_any_other_form_is_rejected(string json) =>
        AssertRejected(Doc($"\"转正\": {json}"), "$.转正", "true or false", json);

    [Fact]
    public void Text_is_a_string_kept_as_written() =>
        Assert.Equal(" 表现良好\n", Accepted(Doc("\"备注\": \" 表现良好\\n\""), "备注").AsText);

    [Fact]
    public void Text_given_as_a_number_is_rejected() =>
        AssertRejected(Doc("\"备注\": 5"), "$.备注", "a string", "5");

    [Fact]
    public void An_enum_is_the_member_name()
    {
        var value = Accepted(Doc("\"等级\": \"中\""), "等级");
        Assert.Equal(("等级", 2, "中"), (value.EnumType.Name, value.EnumIndex, value.EnumMember));
    }

    [Theory]
    [InlineData("\"优秀\"")]
    [InlineData("\" 优\"")]
    [InlineData("0")]
    public void An_enum_that_is_not_a_member_is_rejected_listing_the_members(string json) =>
        AssertRejected(Doc($"\"等级\": {json}"), "$.等级", "one of 优, 良, 中, 差", json);

    [Fact]
    public void A_long_string_is_shortened_in_the_error()
    {
        var error = Rejected(Doc($"\"等级\": \"{new string('优', 100)}\""));
        Assert.Equal("\"" + new string('优', 60) + "…\"", error.Found);
    }
}
