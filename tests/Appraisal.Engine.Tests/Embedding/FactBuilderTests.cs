using Appraisal.Engine.Embedding;
using Appraisal.Engine.Facts;
using Appraisal.Engine.Tests.Facts;
using Appraisal.Engine.Values;

namespace Appraisal.Engine.Tests.Embedding;

/// <summary>
/// The fact builder accepts what the JSON fact reader accepts and rejects what it rejects, with the same errors at the
/// same paths: each case gives the same facts both ways (a JSON document and builder calls) and compares.
/// </summary>
public sealed class FactBuilderTests : FactSpec
{
    private static readonly LoadedPolicy Loaded = PolicyEngine.Load(Policy, "事实读取.policy", new PolicyLoadOptions { Compile = false });

    /// <summary>The builder with the two required inputs (岗位工资 1000, 退款率 0.05), as <see cref="FactSpec.Doc"/> adds them.</summary>
    private static FactBuilder Required() => Loaded.Facts().Set("岗位工资", 1000).Set("退款率", 0.05m);

    /// <summary>Each case: the JSON document, and the same facts given to the builder.</summary>
    private static readonly Dictionary<string, (string Json, Func<FactBuilder> Build)> Cases = new()
    {
        // Accepted, with defaults applied and units read the same way.
        ["only the required inputs: every default applied"] = (Doc(), Required),
        ["money as a number and with its unit"] = (Doc("\"岗位工资\": \"1000.50元\""), () => Loaded.Facts().Set("岗位工资", "1000.50元").Set("退款率", 0.05m)),
        ["money as an exact decimal keeps its scale"] = (Doc("\"岗位工资\": 1000.10"), () => Loaded.Facts().Set("岗位工资", 1000.10m).Set("退款率", 0.05m)),
        ["a percent as the fraction"] = (Doc("\"增长率\": 0.06"), () => Required().Set("增长率", 0.06m)),
        ["a percent as a number of per cent"] = (Doc("\"增长率\": \"6%\""), () => Required().SetPercent("增长率", 6)),
        ["a percent above 100% where the range allows it"] = (Doc("\"超额率\": \"250%\""), () => Required().SetPercent("超额率", 250)),
        ["a duration in hours"] = (Doc("\"上门时长\": 24"), () => Required().Set("上门时长", TimeSpan.FromHours(24))),
        ["a duration in minutes"] = (Doc("\"上门时长\": \"90min\""), () => Required().Set("上门时长", TimeSpan.FromMinutes(90))),
        ["a duration in days, as a string"] = (Doc("\"上门时长\": \"3d\""), () => Required().Set("上门时长", "3d")),
        ["a duration of seconds, in hours"] = (Doc("\"上门时长\": 0.5"), () => Required().Set("上门时长", TimeSpan.FromSeconds(1800))),
        ["a date"] = (Doc("\"入职日期\": \"2024-02-29\""), () => Required().Set("入职日期", new DateOnly(2024, 2, 29))),
        ["a period"] = (Doc("\"考核期\": \"2026-Q3\""), () => Required().Set("考核期", new PeriodValue(global::Appraisal.Policy.Syntax.PeriodKind.Quarter, 2026, 3))),
        ["a bool, a text and a number"] = (Doc("\"转正\": false, \"备注\": \"试用期\", \"系数\": 1.25"),
            () => Required().Set("转正", false).Set("备注", "试用期").Set("系数", 1.25m)),
        ["an enum member by name"] = (Doc("\"等级\": \"优\""), () => Required().Set("等级", "优")),
        ["an enum member from a C# enum"] = (Doc("\"等级\": \"差\""), () => Required().Set("等级", Grade.差)),
        ["null: the default of an optional input"] = (Doc("\"等级\": null"), () => Required().SetDefault("等级")),
        ["a list of points"] = (Doc("\"投诉扣分\": [5, \"10分\", 20]"), () => Required().SetList("投诉扣分", l => l.Add(5).Add("10分").Add(20m))),
        ["a list of records with their defaults"] = (Doc("""
            "投诉": [{ "结果": "已处理", "响应时长": "1d" }, { "结果": "未处理", "满意度": "80%", "扣分": 10, "响应时长": 2 }]
            """), () => Required().SetList("投诉", l => l
                .AddRecord(r => r.Set("结果", "已处理").Set("响应时长", TimeSpan.FromDays(1)))
                .AddRecord(r => r.Set("结果", "未处理").SetPercent("满意度", 80).Set("扣分", 10).Set("响应时长", 2)))),

        // Rejected, with the same errors.
        ["an unknown input"] = (Doc("\"奖金\": 5"), () => Required().Set("奖金", 5)),
        ["a missing required input"] = ("{\"岗位工资\": 1000}", () => Loaded.Facts().Set("岗位工资", 1000)),
        ["nothing at all"] = ("{}", () => Loaded.Facts()),
        ["null for a required input"] = ("{\"岗位工资\": null, \"退款率\": 0.05}", () => Loaded.Facts().SetDefault("岗位工资").Set("退款率", 0.05m)),
        ["an input given twice"] = (Doc("\"迟到\": 1, \"迟到\": 2"), () => Required().Set("迟到", 1).Set("迟到", 2)),
        ["a string for a count"] = (Doc("\"迟到\": \"三次\""), () => Required().Set("迟到", "三次")),
        ["a fraction of a count"] = (Doc("\"迟到\": 1.5"), () => Required().Set("迟到", 1.5m)),
        ["a negative count"] = (Doc("\"迟到\": -1"), () => Required().Set("迟到", -1)),
        ["a number for a bool"] = (Doc("\"转正\": 1"), () => Required().Set("转正", 1)),
        ["a bool for money"] = (Doc("\"岗位工资\": true"), () => Loaded.Facts().Set("岗位工资", true).Set("退款率", 0.05m)),
        ["points out of range"] = (Doc("\"表现突出\": 6"), () => Required().Set("表现突出", 6)),
        ["money out of range"] = (Doc("\"岗位工资\": -0.01"), () => Loaded.Facts().Set("岗位工资", -0.01m).Set("退款率", 0.05m)),
        ["a percent written as 6 (a fraction above 1)"] = (Doc("\"增长率\": 6"), () => Required().Set("增长率", 6)),
        ["a percent out of range"] = (Doc("\"退款率\": \"101%\""), () => Loaded.Facts().Set("岗位工资", 1000).SetPercent("退款率", 101)),
        ["an enum member the policy does not declare"] = (Doc("\"等级\": \"极好\""), () => Required().Set("等级", "极好")),
        ["a date that does not exist"] = (Doc("\"入职日期\": \"2026-02-30\""), () => Required().Set("入职日期", "2026-02-30")),
        ["a duration with an unknown unit"] = (Doc("\"上门时长\": \"3 weeks\""), () => Required().Set("上门时长", "3 weeks")),
        ["a single value for a list"] = (Doc("\"投诉扣分\": 5"), () => Required().Set("投诉扣分", 5)),
        ["a wrong item in a list"] = (Doc("\"投诉扣分\": [5, \"很多\", null]"), () => Required().SetList("投诉扣分", l => l.Add(5).Add("很多").AddNull())),
        ["a record with an unknown field and without its required ones"] = (Doc("\"投诉\": [{ \"结果\": \"已处理\", \"响应时长\": 1 }, { \"态度\": \"好\" }]"),
            () => Required().SetList("投诉", l => l.AddRecord(r => r.Set("结果", "已处理").Set("响应时长", 1)).AddRecord(r => r.Set("态度", "好")))),
        ["a record field out of range and of the wrong enum"] = (Doc("\"投诉\": [{ \"结果\": \"处理了\", \"扣分\": 30, \"响应时长\": \"1d\" }]"),
            () => Required().SetList("投诉", l => l.AddRecord(r => r.Set("结果", "处理了").Set("扣分", 30).Set("响应时长", TimeSpan.FromDays(1))))),
        ["a record for a number, a number for a record"] = (Doc("\"系数\": { \"a\": 1 }, \"投诉\": [5]"),
            () => Required().Set("系数", r => r.Set("a", 1)).SetList("投诉", l => l.Add(5))),
        ["an odd name, quoted in the path"] = (Doc("\"odd name\": 1"), () => Required().Set("odd name", 1)),
    };

    public static TheoryData<string> CaseNames => new(Cases.Keys);

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void The_builder_reads_facts_as_the_JSON_reader_does(string name)
    {
        var (json, build) = Cases[name];
        var fromJson = Loaded.ReadJson(json);
        var built = build().Build();

        Assert.Equal(fromJson.IsValid, built.IsValid);
        Assert.Equal(Describe(fromJson.Errors), Describe(built.Errors));
        Assert.Equal(fromJson.ToJson(), built.ToJson());
        if (built.IsValid) Assert.Equal(Exact(fromJson), Exact(built)); // exact decimals, scales included
    }

    [Fact]
    public void Every_violation_is_reported_at_once_with_its_path_in_English_and_Chinese()
    {
        var facts = Loaded.Facts().Set("退款率", "六").Set("迟到", -1)
            .SetList("投诉", l => l.AddRecord(r => r.Set("结果", "处理了")))
            .Build();

        Assert.False(facts.IsValid);
        Assert.Equal(["$.退款率", "$.迟到", "$.投诉[0].结果", "$.投诉[0].响应时长", "$.岗位工资"], facts.Errors.Select(e => e.Path));
        var error = facts.Errors[2];
        Assert.Equal("$.投诉[0].结果: expected one of 已处理, 未处理, found \"处理了\"", error.Message);
        Assert.Equal("$.投诉[0].结果：应为以下之一：已处理、未处理，实际为 \"处理了\"", error.MessageZh);
    }

    [Fact]
    public void A_record_input_is_set_field_by_field_and_its_errors_are_at_the_field()
    {
        using var policy = PolicyEngine.Load("""
            policy 出勤
            record 考勤记录 {
              迟到: count
              请假: count = 0
            }
            input { 考勤: 考勤记录 }
            output 扣分: points = 5 each 考勤.迟到 + 2 each 考勤.请假
            """, "出勤.policy", new PolicyLoadOptions { Compile = false });

        var good = policy.Evaluate(policy.Facts().Set("考勤", r => r.Set("迟到", 2)).Build());
        Assert.Equal(10m, good["扣分"].Number);

        var built = policy.Facts().Set("考勤", r => r.Set("迟到", -1).Set("早退", 1)).Build();
        var json = policy.ReadJson("""{ "考勤": { "迟到": -1, "早退": 1 } }""");
        Assert.Equal(["$.考勤.迟到", "$.考勤.早退"], built.Errors.Select(e => e.Path));
        Assert.Equal(json.Errors, built.Errors);
    }

    [Fact]
    public void Defaults_are_applied_to_inputs_and_record_fields_left_out()
    {
        var facts = Required().SetList("投诉", l => l.AddRecord(r => r.Set("结果", "已处理").Set("响应时长", 2))).Build();

        Assert.True(facts.IsValid, facts.ToString());
        Assert.Equal("""{"岗位工资":1000,"退款率":0.05,"增长率":0,"超额率":0,"表现突出":0,"迟到":0,"上门时长":0,"入职日期":"2020-01-01","考核期":"2026-Q1","转正":true,"备注":"","等级":"良","系数":1,"投诉":[{"结果":"已处理","满意度":1,"扣分":5,"响应时长":2,"回访":null}],"投诉扣分":[],"复评分":null}""",
            facts.ToJson());
    }

    [Fact]
    public void A_builder_can_be_built_again_after_a_change()
    {
        var builder = Loaded.Facts().Set("岗位工资", 1000);
        Assert.False(builder.Build().IsValid);
        Assert.True(builder.Set("退款率", "5%").Build().IsValid);
    }

    [Fact]
    public void The_limits_apply_to_built_facts_as_to_JSON()
    {
        var policy = PolicyEngine.Load(Policy, "事实读取.policy", new PolicyLoadOptions { Compile = false, FactLimits = new FactLimits { MaxListLength = 2 } });
        var facts = policy.Facts().Set("岗位工资", 1000).Set("退款率", 0.05m).SetList("投诉扣分", 5m, 5m, 5m).Build();

        var error = Assert.Single(facts.Errors);
        Assert.Equal(("$.投诉扣分", FactErrorKind.LimitExceeded), (error.Path, error.Kind));
    }

    [Fact]
    public void Null_arguments_are_misuse_and_throw()
    {
        Assert.Throws<ArgumentNullException>(() => Loaded.Facts().Set(null!, 1));
        Assert.Throws<ArgumentNullException>(() => Loaded.Facts().Set("备注", (string)null!));
        Assert.Throws<ArgumentNullException>(() => Loaded.Facts().SetList("投诉", (Action<FactListBuilder>)null!));
    }

    private enum Grade { 优, 良, 中, 差 }

    private static List<string> Describe(IReadOnlyList<FactError> errors) =>
        errors.Select(e => $"{e.Path} | {e.Expected} | {e.Found} | {e.ExpectedZh} | {e.FoundZh} | {e.Kind}").ToList();

    /// <summary>The facts by slot with numbers at their scale (1000.10 is not 1000.1).</summary>
    private static List<string> Exact(FactSet facts) => facts.Read.Facts!.Select(v => v.ToString()).ToList();
}
