using Appraisal.Engine.Facts;

namespace Appraisal.Engine.Tests.Facts;

/// <summary>What the input schema tells the fact reader about record fields.</summary>
public sealed class InputSchemaTests
{
    private static readonly InputSchema Schema = TestPolicies.Schema("""
        policy 记录字段
        enum 处理结果 { 已处理, 未处理 }
        record 投诉记录 {
          结果: 处理结果
          扣分: points in 5..20 = 5
          满意度: percent in 0%..100% = 100%
        }
        input {
          主投诉: 投诉记录 = { 结果: 未处理 }
        }
        """);

    [Fact]
    public void Record_fields_carry_their_evaluated_ranges_and_defaults()
    {
        var fields = Schema.RecordFields["投诉记录"];
        Assert.Equal(["结果", "扣分", "满意度"], fields.Select(f => f.Name));
        Assert.Equal([0, 1, 2], fields.Select(f => f.Slot));
        Assert.True(fields[0].IsRequired);
        Assert.Equal((5m, 20m, 5m), (fields[1].Low, fields[1].High, fields[1].Default!.Value.AsNumber));
        Assert.Equal((0m, 1m, 1m), (fields[2].Low, fields[2].High, fields[2].Default!.Value.AsNumber));
    }

    [Fact]
    public void A_record_default_takes_the_record_s_field_defaults_for_the_fields_it_leaves_out()
    {
        var record = Schema.Field("主投诉")!.Default!.Value.AsRecord;
        Assert.Equal(("未处理", 5m, 1m), (record["结果"].EnumMember, record["扣分"].AsNumber, record["满意度"].AsNumber));
    }

    [Fact]
    public void A_record_input_is_read_as_one_JSON_object()
    {
        var result = FactReader.Read(Schema, "{\"主投诉\": {\"结果\": \"已处理\", \"扣分\": 20}}");
        Assert.True(result.IsValid);
        var record = result.Facts![0].AsRecord;
        Assert.Equal(("已处理", 20m, 1m), (record["结果"].EnumMember, record["扣分"].AsNumber, record["满意度"].AsNumber));
        var error = Assert.Single(FactReader.Read(Schema, "{\"主投诉\": {\"结果\": \"已处理\", \"扣分\": 21}}").Errors);
        Assert.Equal(("$.主投诉.扣分", "a value in 5..20", "21"), (error.Path, error.Expected, error.Found));
    }
}
