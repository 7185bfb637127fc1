using Appraisal.Engine.Embedding;
using Appraisal.Engine.Facts;

namespace Appraisal.Engine.Tests.Embedding;

/// <summary>Groups evaluated together for population rules: typed and JSON members give the policy tests' outcomes.</summary>
public sealed class GroupEvaluationTests
{
    private static readonly LoadedPolicy Policy = PolicyEngine.LoadFile(
        Path.Combine(RepositoryPaths.Policies, "satisfaction-index", "满意度指数.policy"), new PolicyLoadOptions { Compile = false });

    private static FactSet Member(decimal quantity, decimal quality, decimal service, decimal manner = 10, decimal timely = 10, decimal management = 20) =>
        Policy.Facts().Set("完成数量", quantity).Set("质量效果", quality).Set("服务态度", manner).Set("及时性", timely)
            .Set("服务效果", service).Set("管理", management).Build();

    [Fact]
    public void A_group_of_typed_facts_gives_the_policy_tests_outcome()
    {
        // The policy's test "恰好 70 分为达标，69.9 分不达标".
        var result = Policy.EvaluateGroup([
            KeyValuePair.Create("甲", Member(10, 10, 20, manner: 5, timely: 5)),
            KeyValuePair.Create("乙", Member(10, 10, 19.9m, manner: 5, timely: 5)),
        ]);

        Assert.True(result.Succeeded, result.ToString());
        Assert.Equal(["甲", "乙"], result.Members.Select(m => m.Key));
        Assert.Equal((70m, "达标", 1m), (result["甲"]["指数"].Number, result["甲"]["分数等级"].Text, result["甲"]["名次"].Number));
        Assert.Equal((69.9m, "不达标", 2m), (result["乙"]["指数"].Number, result["乙"]["分数等级"].Text, result["乙"]["名次"].Number));
    }

    [Fact]
    public void A_group_given_as_JSON_gives_the_same_outcomes()
    {
        var typed = Policy.EvaluateGroup([
            KeyValuePair.Create("甲", Member(10, 20, 20, management: 30)),
            KeyValuePair.Create("乙", Member(9, 19, 19, manner: 9, timely: 9, management: 29)),
        ]);
        var json = Policy.EvaluateGroupJson("""
            { "甲": { "完成数量": 10, "质量效果": 20, "服务态度": 10, "及时性": 10, "服务效果": 20, "管理": 30 },
              "乙": { "完成数量": 9, "质量效果": 19, "服务态度": 9, "及时性": 9, "服务效果": 19, "管理": 29 } }
            """);

        Assert.Equal(typed.ToString(), json.ToString());
        // The policy's test "两人组：配额按四舍五入，优秀 0 人、达标 1 人、不达标 1 人".
        Assert.Equal(("达标", "不达标"), (json["甲"]["分布等级"].Text, json["乙"]["分布等级"].Text));
    }

    [Fact]
    public void A_members_errors_are_at_its_id_and_an_id_given_twice_is_an_error()
    {
        var result = Policy.EvaluateGroup([
            KeyValuePair.Create("E001", Member(10, 20, 20)),
            KeyValuePair.Create("E002", Policy.Facts().Set("完成数量", 11).Build()),
            KeyValuePair.Create("E001", Member(1, 1, 1)),
        ]);
        var json = Policy.EvaluateGroupJson("""{ "E001": { "完成数量": 10, "质量效果": 20, "服务态度": 10, "及时性": 10, "服务效果": 20, "管理": 20 }, "E002": { "完成数量": 11 } }""");

        Assert.False(result.Succeeded);
        Assert.Equal("$.E002.完成数量", result.FactErrors[0].Path);
        Assert.Equal(json.FactErrors, result.FactErrors.Take(json.FactErrors.Count));
        Assert.Equal(("$.E001", "each key at most once"), (result.FactErrors[^1].Path, result.FactErrors[^1].Expected));
    }

    [Fact]
    public void More_members_than_the_limit_is_a_limit_error()
    {
        using var policy = PolicyEngine.LoadFile(Path.Combine(RepositoryPaths.Policies, "satisfaction-index", "满意度指数.policy"),
            new PolicyLoadOptions { Compile = false, FactLimits = new FactLimits { MaxGroupMembers = 1 } });
        var facts = policy.Facts().Build();
        var error = Assert.Single(policy.EvaluateGroup([KeyValuePair.Create("a", facts), KeyValuePair.Create("b", facts)]).FactErrors);
        Assert.Equal(("$", FactErrorKind.LimitExceeded), (error.Path, error.Kind));
    }
}
