using Appraisal.Engine.Evaluation;
using Appraisal.Engine.Planning;
using Appraisal.Engine.Testing;
using Appraisal.Policy.Diagnostics;
using Appraisal.Policy.Semantics;
using Appraisal.Policy.Text;

namespace Appraisal.Engine.Tests;

/// <summary>Rules over a group explain each member's place: the key, the place among how many, the quotas, a tie.</summary>
public class GroupExplanationTests
{
    private static readonly PolicyPlan Satisfaction =
        PolicyPipeline.LoadFile(Path.Combine(RepositoryPaths.Policies, "satisfaction-index", "满意度指数.policy")).Plan!;

    [Fact]
    public void A_forced_distribution_explains_each_members_place_quotas_and_tie()
    {
        var result = PolicyTestRunner.Run(Satisfaction, explain: true).Single(r => r.Title == "十人组 2:7:1，优秀线上并列的两人都评优秀");
        var c = result.Outcomes[2]; // C: 95 points, tied with B at places 2–3 across the 优秀 boundary
        var text = ExplanationText.Render(c, Language.Zh);

        Assert.Contains("10 人的名额（按比例四舍五入，余数归最后一档）：优秀 2（第 1–2 名），达标 7（第 3–9 名），不达标 1（第 10 名）", text);
        Assert.Contains("本人 95 分，排第 3 位，与第 2–3 名并列；并列者同取其中最好名次的等级", text);
        Assert.Contains("组内按 满意度.score 排名：本人 95 分，10 人中名次 2，与第 2–3 名并列", text);

        using var json = new StringWriter();
        ExplanationJson.Write(new Newtonsoft.Json.JsonTextWriter(json), c);
        var group = Newtonsoft.Json.Linq.JObject.Parse(json.ToString())["rules"]!["强制分布"]!["group"]!;
        Assert.Equal((10, 3), ((int)group["size"]!, (int)group["place"]!));
        Assert.Equal([2, 7, 1], group["quotas"]!.Select(q => (int)q));
    }
}
