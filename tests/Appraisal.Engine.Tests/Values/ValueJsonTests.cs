using Appraisal.Engine.Facts;
using Appraisal.Engine.Values;
using Appraisal.Policy.Semantics;
using Appraisal.Policy.Syntax;
using Newtonsoft.Json.Linq;

namespace Appraisal.Engine.Tests.Values;

/// <summary>Values written for callers: numbers as strings of the exact decimal, never JSON numbers.</summary>
public sealed class ValueJsonTests
{
    private static readonly EnumType Grade = new("等级", ["优", "良", "中", "差"]);
    private static readonly RecordType Complaint = new("投诉记录",
        [("结果", Grade), ("扣分", PolicyType.Points), ("满意度", PolicyType.Percent), ("日期", PolicyType.Date)]);

    private static string Json(Value value, PolicyType type) => ValueJson.ToJson(value, type);

    [Theory]
    [InlineData("1000.00", "\"1000.00\"")]
    [InlineData("0", "\"0\"")]
    [InlineData("-12.5", "\"-12.5\"")]
    [InlineData("79228162514264337593543950335", "\"79228162514264337593543950335\"")]
    [InlineData("0.0000000000000000000000000001", "\"0.0000000000000000000000000001\"")]
    public void Money_is_a_string_of_the_exact_decimal_with_its_scale(string amount, string json) =>
        Assert.Equal(json, Json(Value.Of(decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture)), PolicyType.Money));

    [Fact]
    public void A_percent_is_the_fraction() => Assert.Equal("\"0.032\"", Json(Value.Of(0.032m), PolicyType.Percent));

    [Fact]
    public void Points_counts_and_durations_are_plain_decimal_strings()
    {
        Assert.Equal("\"91\"", Json(Value.Of(91m), PolicyType.Points));
        Assert.Equal("\"3\"", Json(Value.Of(3m), PolicyType.Count));
        Assert.Equal("\"1.5\"", Json(Value.Of(1.5m), PolicyType.Duration));
    }

    [Fact]
    public void Booleans_text_dates_periods_and_enums_are_written_as_themselves()
    {
        Assert.Equal("true", Json(Value.True, PolicyType.Bool));
        Assert.Equal("false", Json(Value.False, PolicyType.Bool));
        Assert.Equal("\"低于总分 70%\\n\"", Json(Value.Of("低于总分 70%\n"), PolicyType.Text));
        Assert.Equal("\"2026-03-20\"", Json(Value.Of(new DateOnly(2026, 3, 20)), PolicyType.Date));
        Assert.Equal("\"2026-Q1\"", Json(Value.Of(new PeriodValue(PeriodKind.Quarter, 2026, 1)), PolicyType.Period));
        Assert.Equal("\"2026-H2\"", Json(Value.Of(new PeriodValue(PeriodKind.Half, 2026, 2)), PolicyType.Period));
        Assert.Equal("\"2026-03\"", Json(Value.Of(new PeriodValue(PeriodKind.Month, 2026, 3)), PolicyType.Period));
        Assert.Equal("\"2026\"", Json(Value.Of(new PeriodValue(PeriodKind.Year, 2026, 1)), PolicyType.Period));
        Assert.Equal("\"中\"", Json(Value.Of(Grade, 2), Grade));
    }

    [Fact]
    public void A_missing_value_is_null() => Assert.Equal("null", Json(Value.Missing, PolicyType.Money));

    [Fact]
    public void Records_are_objects_in_field_order_and_lists_are_arrays()
    {
        var record = Value.Of(new RecordValue(Complaint, [Value.Of(Grade, 0), Value.Of(10.0m), Value.Of(0.8m), Value.Of(new DateOnly(2026, 1, 31))]));
        var list = Value.Of([record, record]);
        var one = "{\"结果\":\"优\",\"扣分\":\"10.0\",\"满意度\":\"0.8\",\"日期\":\"2026-01-31\"}";
        Assert.Equal(one, Json(record, Complaint));
        Assert.Equal($"[{one},{one}]", Json(list, new ListType(Complaint)));
        Assert.Equal("[]", Json(Value.Of(Array.Empty<Value>()), new ListType(PolicyType.Money)));
    }

    [Fact]
    public void Numbers_never_become_JSON_numbers_even_deep_inside()
    {
        var values = Value.Of([Value.Of(0.1m), Value.Of(0.2m)]);
        var token = JToken.Parse(Json(values, new ListType(PolicyType.Number)));
        Assert.All(token.Children(), t => Assert.Equal(JTokenType.String, t.Type));
    }

    [Fact]
    public void Facts_read_and_written_back_keep_their_exact_text()
    {
        var schema = TestPolicies.Schema("""
            policy 往返
            enum 等级 { 优, 良 }
            record 投诉记录 { 结果: 等级, 扣分: points = 5, 满意度: percent = 100% }
            input {
              工资: money
              投诉: list of 投诉记录 = []
            }
            """);
        var facts = FactReader.Read(schema, "{\"工资\": \"1000.10\", \"投诉\": [{\"结果\": \"良\", \"满意度\": \"3.2%\"}]}").Facts!;
        Assert.Equal("\"1000.10\"", Json(facts[0], schema.Fields[0].Type));
        Assert.Equal("[{\"结果\":\"良\",\"扣分\":\"5\",\"满意度\":\"0.032\"}]", Json(facts[1], schema.Fields[1].Type));
    }

    [Fact]
    public void Write_appends_to_a_caller_s_writer()
    {
        using var text = new StringWriter();
        using (var writer = new Newtonsoft.Json.JsonTextWriter(text))
        {
            writer.WriteStartObject();
            writer.WritePropertyName("工资");
            ValueJson.Write(writer, Value.Of(3500.00m), PolicyType.Money);
            writer.WriteEndObject();
        }
        Assert.Equal("{\"工资\":\"3500.00\"}", text.ToString());
    }
}
