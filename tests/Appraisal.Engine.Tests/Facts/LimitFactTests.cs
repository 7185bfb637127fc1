using Appraisal.Engine.Facts;

namespace Appraisal.Engine.Tests.Facts;

/// <summary>Malformed JSON and the limits that keep one request from reading without end.</summary>
public sealed class LimitFactTests : FactSpec
{
    [Fact]
    public void Malformed_JSON_is_one_error_with_the_line_and_column_never_an_exception()
    {
        var error = Rejected("{\n  \"岗位工资\": 1000,\n  \"退款率\": 0.05,\n  \"迟到\": x\n}");
        Assert.Equal("$.迟到", error.Path);
        Assert.Equal("well-formed JSON", error.Expected);
        Assert.Equal("'x' is an invalid start of a value (line 4, column 9)", error.Found);
        Assert.Equal(FactErrorKind.Invalid, error.Kind);
    }

    [Theory]
    [InlineData("{\"岗位工资\": 1000,")]
    [InlineData("{\"岗位工资\": 1000} {}")]
    [InlineData("{\"岗位工资\" 1000}")]
    [InlineData("{\"系数\": NaN}")]
    [InlineData("{\"系数\": -}")]
    [InlineData("{\"投诉扣分\": [1, 2}")]
    public void Any_malformed_document_gives_a_single_well_formed_JSON_error(string json)
    {
        var error = Rejected(json);
        Assert.Equal("well-formed JSON", error.Expected);
        Assert.Contains("(line 1, column ", error.Found);
    }

    [Fact]
    public void Errors_found_before_the_JSON_breaks_are_replaced_by_the_one_malformed_error() =>
        Assert.Equal("well-formed JSON", Rejected("{\"等级\": \"优秀\", \"迟到\": 1.5, ").Expected);

    [Fact]
    public void A_list_longer_than_the_limit_is_rejected_naming_the_limit()
    {
        var error = Rejected(Doc("\"投诉扣分\": [" + string.Join(", ", Enumerable.Repeat("5", 10_001)) + "]"));
        Assert.Equal(("$.投诉扣分", "at most 10000 items (limit max_list_length)", "10001 items", FactErrorKind.LimitExceeded),
            (error.Path, error.Expected, error.Found, error.Kind));
        Assert.Equal("$.投诉扣分：应为至多 10000 项（限制 max_list_length），实际为 10001 项", error.MessageZh);
    }

    [Fact]
    public void A_list_at_the_limit_is_read()
    {
        var result = Read(Doc("\"投诉扣分\": [5, 5, 5]"), new FactLimits { MaxListLength = 3 });
        Assert.True(result.IsValid);
        Assert.False(result.IsLimitExceeded);
    }

    [Fact]
    public void The_list_limit_can_be_set()
    {
        var result = Read(Doc("\"投诉扣分\": [5, \"x\", 5, 5, 5]"), new FactLimits { MaxListLength = 3 });
        Assert.True(result.IsLimitExceeded);
        Assert.Equal(
            [("$.投诉扣分[1]", FactErrorKind.Invalid), ("$.投诉扣分", FactErrorKind.LimitExceeded)],
            result.Errors.Select(e => (e.Path, e.Kind)));
        Assert.Equal("at most 3 items (limit max_list_length)", result.Errors[1].Expected);
    }

    [Fact]
    public void Nesting_deeper_than_the_limit_is_rejected_naming_the_limit()
    {
        // The document is level 1, the list level 2, each complaint level 3.
        var json = Doc("\"投诉\": [{ \"结果\": \"已处理\", \"响应时长\": 2 }]");
        Assert.True(Read(json, new FactLimits { MaxDepth = 3 }).IsValid);
        var error = Rejected(json, new FactLimits { MaxDepth = 2 });
        Assert.Equal(("$.投诉[0]", "at most 2 levels of nesting (limit max_depth)", "3 levels", FactErrorKind.LimitExceeded),
            (error.Path, error.Expected, error.Found, error.Kind));
    }

    [Fact]
    public void Deep_nesting_is_caught_in_values_that_are_skipped_too()
    {
        var deep = new string('[', 100) + new string(']', 100);
        var result = Read(Doc($"\"其他\": {deep}"), new FactLimits { AllowUnknownFields = true });
        var error = Assert.Single(result.Errors);
        Assert.Equal(("$.其他", "at most 32 levels of nesting (limit max_depth)", "101 levels"), (error.Path, error.Expected, error.Found));
    }

    [Fact]
    public void Very_deep_nesting_neither_overflows_the_stack_nor_throws()
    {
        var deep = new string('[', 100_000) + new string(']', 100_000);
        var result = Read(Doc($"\"投诉扣分\": {deep}"));
        Assert.True(result.IsLimitExceeded);
        Assert.Equal(
            [("$.投诉扣分[0]", "a list"), ("$.投诉扣分[0]", "100001 levels")],
            result.Errors.Select(e => (e.Path, e.Found)));
    }

    [Fact]
    public void A_document_larger_than_the_limit_is_rejected_before_it_is_read()
    {
        var json = Doc("\"备注\": \"" + new string('x', 4 * 1024 * 1024) + "\"");
        var error = Rejected(json);
        Assert.Equal(("$", "at most 4194304 characters of JSON (limit max_json_chars)", $"{json.Length} characters", FactErrorKind.LimitExceeded),
            (error.Path, error.Expected, error.Found, error.Kind));
        Assert.Equal("at most 20 characters of JSON (limit max_json_chars)", Rejected(Doc(), new FactLimits { MaxJsonChars = 20 }).Expected);
    }

    [Fact]
    public void Limits_have_the_documented_defaults() =>
        Assert.Equal((10_000, 32, 4 * 1024 * 1024, false),
            (FactLimits.Default.MaxListLength, FactLimits.Default.MaxDepth, FactLimits.Default.MaxJsonChars, FactLimits.Default.AllowUnknownFields));

}
