using Appraisal.Engine.Facts;
using Appraisal.Engine.Values;
using Newtonsoft.Json.Linq;

namespace Appraisal.Engine.Tests.Facts;

/// <summary>The shape of a fact set: required and optional inputs, records, lists, unknown and repeated keys, paths.</summary>
public sealed class StructureFactTests : FactSpec
{
    [Fact]
    public void Facts_are_placed_at_their_inputs_slots_with_defaults_for_absent_optional_inputs()
    {
        var result = Read(Doc());
        Assert.True(result.IsValid);
        var facts = result.Facts!;
        Assert.Equal(Schema.Fields.Length, facts.Length);
        Value Fact(string name) => facts[Schema.Field(name)!.Slot];
        Assert.Equal(1000m, Fact("岗位工资").AsNumber);
        Assert.Equal(0.05m, Fact("退款率").AsNumber);
        Assert.Equal(0m, Fact("增长率").AsNumber);
        Assert.Equal(0m, Fact("迟到").AsNumber);
        Assert.Equal(0m, Fact("上门时长").AsNumber);
        Assert.Equal(new DateOnly(2020, 1, 1), Fact("入职日期").AsDate);
        Assert.Equal("2026-Q1", Fact("考核期").AsPeriod.ToString());
        Assert.True(Fact("转正").AsBool);
        Assert.Equal("", Fact("备注").AsText);
        Assert.Equal("良", Fact("等级").EnumMember);
        Assert.Equal(1m, Fact("系数").AsNumber);
        Assert.Empty(Fact("投诉").AsList);
        Assert.Empty(Fact("投诉扣分").AsList);
    }

    [Fact]
    public void Null_for_an_optional_input_means_its_default() =>
        Assert.Equal("良", Accepted(Doc("\"等级\": null"), "等级").EnumMember);

    [Fact]
    public void An_optional_input_left_out_or_null_is_not_given()
    {
        Assert.True(Accepted(Doc(), "复评分").IsMissing);
        Assert.True(Accepted(Doc("\"复评分\": null"), "复评分").IsMissing);
        Assert.Equal(85m, Accepted(Doc("\"复评分\": 85"), "复评分").AsNumber);
    }

    [Fact]
    public void The_range_of_an_optional_input_applies_to_a_given_value() =>
        AssertRejected(Doc("\"复评分\": 50"), "$.复评分", "a value in 60..100", "50");

    [Fact]
    public void An_optional_record_field_left_out_is_not_given()
    {
        var complaints = Accepted(Doc("\"投诉\": [{\"结果\": \"已处理\", \"响应时长\": \"2h\"}, {\"结果\": \"已处理\", \"响应时长\": \"2h\", \"回访\": \"优\"}]"), "投诉").AsList;
        Assert.True(complaints[0].AsRecord["回访"].IsMissing);
        Assert.Equal("优", complaints[1].AsRecord["回访"].EnumMember);
    }

    [Fact]
    public void Null_for_a_required_input_is_rejected() =>
        AssertRejected("{\"岗位工资\": null, \"退款率\": 0.05}", "$.岗位工资", "a value: this input is required", "null");

    [Fact]
    public void A_missing_required_input_is_rejected() =>
        AssertRejected("{\"岗位工资\": 1000}", "$.退款率", "a value: this input is required", "nothing");

    [Fact]
    public void An_unknown_input_is_rejected() =>
        AssertRejected(Doc("\"奖金\": 5"), "$.奖金", "one of the policy's inputs", "an unknown field");

    [Fact]
    public void An_unknown_input_is_ignored_when_the_caller_allows_it()
    {
        var result = Read(Doc("\"奖金\": 5, \"其他\": {\"a\": [1, 2]}"), new FactLimits { AllowUnknownFields = true });
        Assert.True(result.IsValid);
    }

    [Fact]
    public void A_key_given_twice_is_rejected() =>
        AssertRejected(Doc("\"迟到\": 1, \"迟到\": 2"), "$.迟到", "each key at most once", "a repeated key");

    [Fact]
    public void A_list_of_numbers_is_read_item_by_item() =>
        Assert.Equal([5m, 10m, 20m], Accepted(Doc("\"投诉扣分\": [5, \"10分\", \"20 pts\"]"), "投诉扣分").AsList.Select(v => v.AsNumber));

    [Fact]
    public void A_wrong_item_in_a_list_is_reported_at_its_index() =>
        AssertRejected(Doc("\"投诉扣分\": [5, 10, \"很多\"]"), "$.投诉扣分[2]", "points: 20, \"20分\" or \"20 pts\"", "\"很多\"");

    [Fact]
    public void Null_in_a_list_is_rejected() =>
        AssertRejected(Doc("\"投诉扣分\": [5, null]"), "$.投诉扣分[1]", "points: 20, \"20分\" or \"20 pts\"", "null");

    [Fact]
    public void A_list_given_as_a_single_value_is_rejected() =>
        AssertRejected(Doc("\"投诉扣分\": 5"), "$.投诉扣分", "a list (JSON array) of points", "5");

    [Fact]
    public void Records_in_a_list_are_read_field_by_field_with_the_record_defaults()
    {
        var complaints = Accepted(Doc("""
            "投诉": [
              { "结果": "已处理", "响应时长": "2h" },
              { "结果": "未处理", "满意度": "80%", "扣分": 10, "响应时长": "1d" }
            ]
            """), "投诉").AsList;
        Assert.Equal(2, complaints.Length);
        var first = complaints[0].AsRecord;
        Assert.Equal(("已处理", 1m, 5m, 2m), (first["结果"].EnumMember, first["满意度"].AsNumber, first["扣分"].AsNumber, first["响应时长"].AsNumber));
        var second = complaints[1].AsRecord;
        Assert.Equal(("未处理", 0.8m, 10m, 24m), (second["结果"].EnumMember, second["满意度"].AsNumber, second["扣分"].AsNumber, second["响应时长"].AsNumber));
        Assert.Equal("投诉记录", first.Type.Name);
    }

    [Fact]
    public void A_wrong_field_of_a_record_in_a_list_is_reported_with_its_full_path() =>
        AssertRejected(Doc("""
            "投诉": [
              { "结果": "已处理", "响应时长": 2 },
              { "结果": "已处理", "响应时长": 2, "满意度": "120%" }
            ]
            """), "$.投诉[1].满意度", "a value in 0%..100%", "\"120%\"");

    [Fact]
    public void An_enum_field_of_a_record_lists_the_members() =>
        AssertRejected(Doc("""
            "投诉": [
              { "结果": "已处理", "响应时长": 2 },
              { "结果": "未处理", "响应时长": 2 },
              { "结果": "已处理了", "响应时长": 2 }
            ]
            """), "$.投诉[2].结果", "one of 已处理, 未处理", "\"已处理了\"");

    [Fact]
    public void A_field_the_record_does_not_have_is_rejected_listing_its_fields() =>
        AssertRejected(Doc("\"投诉\": [{ \"结果\": \"已处理\", \"响应时长\": 2, \"备注\": \"\" }]"), "$.投诉[0].备注",
            "a field of 投诉记录: 结果, 满意度, 扣分, 响应时长, 回访", "an unknown field");

    [Fact]
    public void A_missing_required_field_of_a_record_is_rejected() =>
        AssertRejected(Doc("\"投诉\": [{ \"结果\": \"已处理\" }]"), "$.投诉[0].响应时长",
            "a value: this field of 投诉记录 is required", "nothing");

    [Fact]
    public void Null_for_an_optional_record_field_means_its_default() =>
        Assert.Equal(5m, Accepted(Doc("\"投诉\": [{ \"结果\": \"已处理\", \"响应时长\": 2, \"扣分\": null }]"), "投诉").AsList[0].AsRecord["扣分"].AsNumber);

    [Fact]
    public void A_record_given_as_a_list_is_rejected() =>
        AssertRejected(Doc("\"投诉\": [[\"已处理\", 2]]"), "$.投诉[0]", "an object with the fields of 投诉记录", "a list");

    [Fact]
    public void Every_violation_is_reported_at_once_in_document_order()
    {
        var result = Read("""
            {
              "退款率": 3.2,
              "等级": "优秀",
              "投诉": [{ "结果": "已处理", "满意度": 2 }],
              "迟到": 1.5,
              "加班": 3
            }
            """);
        Assert.Null(result.Facts);
        Assert.Equal(
            [
                ("$.退款率", "3.2"),
                ("$.等级", "\"优秀\""),
                ("$.投诉[0].满意度", "2"),
                ("$.投诉[0].响应时长", "nothing"),
                ("$.迟到", "1.5"),
                ("$.加班", "an unknown field"),
                ("$.岗位工资", "nothing"),
            ],
            result.Errors.Select(e => (e.Path, e.Found)));
    }

    [Fact]
    public void An_error_has_an_English_and_a_Chinese_message()
    {
        var error = Rejected(Doc("\"等级\": \"优秀\""));
        Assert.Equal("$.等级: expected one of 优, 良, 中, 差, found \"优秀\"", error.Message);
        Assert.Equal("$.等级：应为以下之一：优、良、中、差，实际为 \"优秀\"", error.MessageZh);
        var missing = Rejected("{\"退款率\": 0.05}");
        Assert.Equal("$.岗位工资：应为一个值（此输入为必填），实际为缺失", missing.MessageZh);
    }

    [Fact]
    public void A_Chinese_message_is_spaced_between_Chinese_words_and_numbers_as_Chinese_text_is()
    {
        var error = Rejected(Doc("\"复评分\": 50"));
        Assert.Equal("$.复评分: expected a value in 60..100, found 50", error.Message);
        Assert.Equal("$.复评分：应为 60..100 之内的值，实际为 50", error.MessageZh);
    }

    [Fact]
    public void A_name_that_is_not_identifier_like_is_quoted_in_the_path()
    {
        Assert.Equal("$['odd name']", Rejected(Doc("\"odd name\": 1")).Path);
        Assert.Equal("$['2026年']", Rejected(Doc("\"2026年\": 1")).Path);
        Assert.Equal("$['it\\'s']", Rejected(Doc("\"it's\": 1")).Path);
        Assert.Equal("$.bonus_2026", Rejected(Doc("\"bonus_2026\": 1")).Path);
    }

    [Fact]
    public void A_document_that_is_not_an_object_is_rejected()
    {
        AssertRejected("[1, 2]", "$", "a JSON object with one field per input", "a list");
        AssertRejected("\"facts\"", "$", "a JSON object with one field per input", "\"facts\"");
        AssertRejected("", "$", "a JSON object with one field per input", "an empty document");
    }

    [Fact]
    public void Facts_can_come_as_a_JObject_and_doubles_in_it_are_read_at_their_shortest_text()
    {
        // JObject.Parse reads numbers as doubles and dates as DateTime: what a converted protobuf Struct holds.
        var facts = JObject.Parse("{\"岗位工资\": 1000.1, \"退款率\": 0.032, \"入职日期\": \"2026-03-20\", \"投诉\": [{\"结果\": \"已处理\", \"响应时长\": 0.1}]}");
        var result = FactReader.Read(Schema, facts);
        Assert.True(result.IsValid, string.Join("; ", result.Errors.Select(e => e.Message)));
        Assert.Equal(1000.1m, result.Facts![Schema.Field("岗位工资")!.Slot].AsNumber);
        Assert.Equal(0.032m, result.Facts[Schema.Field("退款率")!.Slot].AsNumber);
        Assert.Equal(new DateOnly(2026, 3, 20), result.Facts[Schema.Field("入职日期")!.Slot].AsDate);
        Assert.Equal(0.1m, result.Facts[Schema.Field("投诉")!.Slot].AsList[0].AsRecord["响应时长"].AsNumber);
    }

    [Fact]
    public void A_JObject_is_checked_like_text()
    {
        var result = FactReader.Read(Schema, JObject.Parse("{\"岗位工资\": \"1000 yuan\", \"退款率\": 5, \"x\": 1}"));
        Assert.Equal(["$.退款率", "$.x"], result.Errors.Select(e => e.Path));
    }

    [Fact]
    public void The_after_sales_policy_reads_its_facts()
    {
        var schema = TestPolicies.SchemaOfFile("policies/after-sales/售后客服考核.policy");
        var result = FactReader.Read(schema, """
            { "岗位": "普通售后客服", "素质": "良", "退款率": "6%", "纠纷处理": "良", "配合度": "良", "执行力": "中",
              "迟到": 1, "客户表扬": 3, "低质评价": 1, "投诉扣分": ["5分", 10] }
            """);
        Assert.True(result.IsValid, string.Join("; ", result.Errors.Select(e => e.Message)));
        Assert.Equal(0.06m, result.Facts![schema.Field("退款率")!.Slot].AsNumber);
        Assert.Equal(0m, result.Facts[schema.Field("旷工")!.Slot].AsNumber);
        Assert.Equal([5m, 10m], result.Facts[schema.Field("投诉扣分")!.Slot].AsList.Select(v => v.AsNumber));
    }
}
