using System.Text;
using Appraisal.Engine.Evaluation;
using Appraisal.Engine.Facts;
using Appraisal.Engine.Planning;
using Appraisal.Engine.Statements;
using Appraisal.Engine.Values;
using Appraisal.Policy.Diagnostics;
using Appraisal.Policy.Semantics;

namespace Appraisal.Engine.Tests;

/// <summary>The statement page (<see cref="Statement"/>): escaping, languages, bars, deductions, citations, its bounds.</summary>
public class StatementTests
{
    /// <summary>Names and text a policy and its facts may hold that mean something in HTML.</summary>
    private const string Hostile = """
        policy 奖金
          version 2026.1

        source "制度 & 细则 <b>第 3 条</b> \"引号\""
        input {
          业绩: points in 0..100
          投诉: count in 0..10
          姓名: text
        }

        scorecard 考核 out of 100 {
          item 业绩 max 80 = 业绩
          item 态度 max 20 = 15
          deduct 客户投诉 = 5 each 投诉
          add 表扬 = 0
        }

        source "合格线 <script>alert(1)</script>"
        gate 合格: 考核.score >= 60 otherwise "低于 60 分"

        let 比例: percent = 考核.score / 考核.max

        output 得分: points = 考核.score
        output 奖金: money round 0.01 = if 合格 then 比例 of 1000 yuan else 0 yuan
        output 称呼: text = 姓名
        """;

    private static Outcome Evaluate(string policy, string facts)
    {
        var plan = Planner.Plan(TestPolicies.Check(policy));
        var read = FactReader.Read(plan.Inputs, facts);
        Assert.True(read.IsValid, string.Join("; ", read.Errors.Select(e => e.Message)));
        return Evaluator.Evaluate(plan, read.Facts!, new EvaluationOptions { Explain = true });
    }

    private static string Page(string facts, Language language = Language.Zh, StatementContext? context = null) =>
        Statement.Render(Evaluate(Hostile, facts), context ?? new StatementContext { Subject = "E<1>", Period = "2026-Q2" }, language);

    [Fact]
    public void Everything_from_the_policy_and_the_facts_is_escaped()
    {
        var page = Page("""{ "业绩": 70, "投诉": 0, "姓名": "<img src=x onerror=alert(1)>\"'&" }""");
        Assert.DoesNotContain("<script", page);
        Assert.DoesNotContain("<img", page);
        Assert.DoesNotContain("<b>", page);
        Assert.Contains("合格线 &lt;script&gt;alert(1)&lt;/script&gt;", page);
        Assert.Contains("&lt;img src=x onerror=alert(1)&gt;&quot;&#39;&amp;", page);
        Assert.Contains("制度 &amp; 细则 &lt;b&gt;第 3 条&lt;/b&gt; &quot;引号&quot;", page);
        Assert.Contains("data-subject=\"E&lt;1&gt;\"", page);
        Assert.Contains("<title>奖金 · E&lt;1&gt; · 2026-Q2</title>", page);
        // No scripts, no external resources: one self-contained document.
        Assert.DoesNotContain("src=\"", page);
        Assert.DoesNotContain("href=", page);
        Assert.DoesNotContain("@import", page);
        Assert.DoesNotContain("url(", page);
    }

    [Fact]
    public void Chinese_by_default_English_on_request()
    {
        var facts = """{ "业绩": 70, "投诉": 1, "姓名": "张三" }""";
        var zh = Statement.Render(Evaluate(Hostile, facts), new StatementContext());
        Assert.Contains("<html lang=\"zh-CN\">", zh);
        Assert.Contains("考核结果说明", zh);
        Assert.Contains("800.00 元", zh);
        Assert.Contains("计算过程", zh);
        Assert.Contains(">依据<", zh);

        var en = Page(facts, Language.En);
        Assert.Contains("<html lang=\"en\">", en);
        Assert.Contains("Appraisal statement", en);
        Assert.Contains("800.00 yuan", en);
        Assert.Contains("How it was worked out", en);
        Assert.Contains(">Sources<", en);
        Assert.DoesNotContain("考核结果说明", en);
        Assert.Contains("@media print", en);
        Assert.Contains("size: A4", en);
    }

    [Fact]
    public void Items_are_bars_against_their_maximum_and_deductions_have_amounts()
    {
        var page = Page("""{ "业绩": 72.5, "投诉": 2, "姓名": "张三" }""");
        Assert.Contains("data-item=\"业绩\" data-score=\"72.5\"", page);
        Assert.Contains("role=\"meter\" aria-label=\"业绩\" aria-valuemin=\"0\" aria-valuemax=\"80\" aria-valuenow=\"72.5\"", page);
        Assert.Contains("style=\"width:90.63%\"", page); // 72.5 / 80
        Assert.Contains("aria-valuemax=\"20\" aria-valuenow=\"15\"", page);
        Assert.Contains("data-entry=\"客户投诉\" data-amount=\"10\"><span class=\"name\">客户投诉</span> <span class=\"amount\">扣 10 分</span>", page);
        Assert.Contains("data-output=\"得分\" data-value=\"77.5\"", page); // 72.5 + 15 − 10 + 0
        Assert.Contains("data-gate=\"合格\" data-passed=\"true\"", page);
    }

    /// <summary>Found by the evaluating fuzz test: a score far beyond its maximum overflowed the bar's share.</summary>
    [Fact]
    public void A_score_far_beyond_its_maximum_fills_its_bar_without_overflowing()
    {
        const string policy = """
            policy 大数
            input { x: points }
            scorecard s out of 80 { item 业绩 max 80 = x }
            output 得分: points = s.score
            """;
        var page = Statement.Render(Evaluate(policy, """{ "x": "70000000000000000000000000000" }"""), new StatementContext(), Language.Zh);
        Assert.Contains("style=\"width:100%\"", page);
    }

    [Fact]
    public void A_zero_deduction_is_said_plainly_never_minus_zero()
    {
        var zh = Page("""{ "业绩": 70, "投诉": 0, "姓名": "张三" }""");
        Assert.Contains("class=\"none\"><span class=\"name\">客户投诉</span> <span class=\"amount\">未扣分</span>", zh);
        Assert.Contains("<span class=\"name\">表扬</span> <span class=\"amount\">未加分</span>", zh);
        var en = Page("""{ "业绩": 70, "投诉": 0, "姓名": "张三" }""", Language.En);
        Assert.Contains("<span class=\"amount\">no deduction</span>", en);
        foreach (var page in new[] { zh, en })
        {
            var body = page[page.IndexOf("<body>", StringComparison.Ordinal)..page.IndexOf("<section class=\"arithmetic\">", StringComparison.Ordinal)];
            Assert.DoesNotContain("-0", body);
            Assert.DoesNotContain("−0", body);
        }
    }

    [Fact]
    public void A_failed_gate_shows_its_reason_and_the_gap()
    {
        var page = Page("""{ "业绩": 30, "投诉": 0, "姓名": "张三" }""");
        Assert.Contains("data-gate=\"合格\" data-passed=\"false\"><span class=\"verdict\">未通过</span>", page);
        Assert.Contains("<span class=\"label\">考核.score &gt;= 60</span>：不满足（45 分 ≥ 60 分，差 15 分）", page);
        Assert.Contains("<p class=\"reason\">低于 60 分</p>", page);
    }

    [Fact]
    public void Citations_with_the_rules_they_apply_to()
    {
        var page = Page("""{ "业绩": 70, "投诉": 0, "姓名": "张三" }""");
        Assert.Contains("<li class=\"citation\"><blockquote>合格线 &lt;script&gt;alert(1)&lt;/script&gt;</blockquote><p class=\"applies\">适用于：合格、比例、得分、奖金、称呼</p>", page);
    }

    [Fact]
    public void A_group_is_one_page_with_a_section_per_member()
    {
        var a = Evaluate(Hostile, """{ "业绩": 70, "投诉": 0, "姓名": "甲" }""");
        var b = Evaluate(Hostile, """{ "业绩": 40, "投诉": 1, "姓名": "乙" }""");
        var page = Statement.RenderGroup([("A", a), ("B", b)], new StatementContext { Period = "2026-Q2" });
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(page, "<html"));
        Assert.Contains("<article class=\"statement\" data-subject=\"A\">", page);
        Assert.Contains("<article class=\"statement\" data-subject=\"B\">", page);
        Assert.Contains("break-before: page", page);
    }

    [Fact]
    public void A_recorded_outcome_whose_explanation_was_erased_says_so()
    {
        var page = Statement.Render(new RecordedStatement
        {
            PolicyId = "p/<x>", Outputs = [("奖金", "money", "700.00", false), ("等级", "等级", "", true)], ErasedAt = new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero),
        }, new StatementContext { Subject = "E1", Period = "2026-Q1" });
        Assert.Contains("已于 2026-03-01 按保留期限删除", page);
        Assert.Contains("<h1 class=\"policy\">p/&lt;x&gt;</h1>", page);
        Assert.Contains("700.00 元", page);
        Assert.Contains("—（无值）", page);
        Assert.DoesNotContain("class=\"arithmetic\"", page);
    }

    [Fact]
    public void A_recorded_explanation_renders_like_the_live_one()
    {
        var outcome = Evaluate(Hostile, """{ "业绩": 72.5, "投诉": 2, "姓名": "张三" }""");
        var (text, json) = (ExplanationText.Render(outcome, Language.Zh), Json(outcome));
        var record = new RecordedStatement
        {
            PolicyId = "hostile", DeclaredVersion = "2026.1", ExplanationJson = json, ExplanationText = text, ExplanationLanguage = Language.Zh,
            Outputs = outcome.Outputs.Select(o => (o.Name, o.Type.Display, o.Value.Kind == ValueKind.Missing ? "" : Text(o.Value, o.Type), o.Value.Kind == ValueKind.Missing)).ToList(),
        };
        var withPlan = Statement.Render(record with { Plan = outcome.Plan }, new StatementContext());
        var live = Statement.Render(outcome, new StatementContext());
        foreach (var needle in new[] { "aria-valuemax=\"80\" aria-valuenow=\"72.5\"", "扣 10 分", "data-gate=\"合格\" data-passed=\"true\"", "775.00 元", "<blockquote>合格线 &lt;script&gt;alert(1)&lt;/script&gt;</blockquote>" })
        {
            Assert.Contains(needle, live);
            Assert.Contains(needle, withPlan);
        }
        var withoutPlan = Statement.Render(record, new StatementContext());
        Assert.Contains("记录时的策略版本已不再提供", withoutPlan);
        Assert.Contains("data-item=\"业绩\" data-score=\"72.5\"", withoutPlan);
        // Without the plan, the citations the rules carry, each with the rules that cite it (in the explanation's order).
        Assert.Contains("<blockquote>合格线 &lt;script&gt;alert(1)&lt;/script&gt;</blockquote><p class=\"applies\">适用于：得分、奖金、合格、比例、称呼</p>", withoutPlan);
    }

    [Fact]
    public void A_deep_policy_gives_a_page_bounded_as_its_text_explanation_is()
    {
        const int links = 300;
        var text = new StringBuilder("policy 链\n\ninput { x: number in 0..10 }\n\nlet l0 = x\n");
        for (var i = 1; i < links; i++) text.Append($"let l{i} = l{i - 1} + 1\n");
        text.Append($"output o: number = l{links - 1}\noutput p: number = l{links - 1} + l{links / 2}\n");
        var outcome = Evaluate(text.ToString(), """{ "x": 1 }""");
        var explanation = ExplanationText.Render(outcome, Language.Zh);
        var page = Statement.Render(outcome, new StatementContext());
        // Every rule once (see above / see below), indentation capped at the explanation's nesting limit.
        Assert.Contains("（见上）", page);
        Assert.Contains("（见下）", page);
        Assert.DoesNotContain($"class=\"d{ExplanationText.MaxNesting + 2}\"", page);
        Assert.True(page.Length < 3 * explanation.Length + 16_000, $"{page.Length} characters for an explanation of {explanation.Length}");
    }

    private static string Json(Outcome outcome)
    {
        using var writer = new StringWriter();
        using (var json = new Newtonsoft.Json.JsonTextWriter(writer)) ExplanationJson.Write(json, outcome);
        return writer.ToString();
    }

    private static string Text(Value value, PolicyType type) => value.Kind switch
    {
        ValueKind.Number => value.AsNumber.ToString(System.Globalization.CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };
}
