using Appraisal.Engine.Embedding;
using Appraisal.Policy.Diagnostics;
using Appraisal.Engine.Evaluation;

namespace Appraisal.Engine.Tests.Embedding;

/// <summary>Evaluating: typed outputs, explanations when asked, and every mistake of the caller as a result, not an exception.</summary>
public sealed class EvaluationTests
{
    private static readonly string AfterSalesFile = Path.Combine(RepositoryPaths.Policies, "after-sales", "售后客服考核.policy");
    private static readonly LoadedPolicy AfterSales = PolicyEngine.LoadFile(AfterSalesFile, new PolicyLoadOptions { Compile = false });

    /// <summary>The policy's test "恰好 91 分：在合格线上", as typed facts.</summary>
    private static FactSet On91Points(LoadedPolicy policy) => policy.Facts()
        .Set("岗位", "普通售后客服").Set("素质", "良").SetPercent("退款率", 6).Set("纠纷处理", "良")
        .Set("配合度", "良").Set("执行力", "中").Set("迟到", 1).Set("客户表扬", 3).Set("低质评价", 1)
        .Build();

    [Fact]
    public void Typed_facts_give_the_outcome_the_policy_tests_expect_as_exact_typed_outputs()
    {
        var result = AfterSales.Evaluate(On91Points(AfterSales));

        Assert.True(result.Succeeded, result.ToString());
        Assert.Equal(["得分", "考核合格", "KPI奖金", "工资"], result.Outputs.Select(o => o.Name));
        Assert.Equal((91m, FieldKind.Points, "points"), (result["得分"].Number, result["得分"].Kind, result["得分"].TypeName));
        Assert.Equal(true, result["考核合格"].Bool);
        Assert.Null(result["考核合格"].Number);
        Assert.Equal("2700.00", result["工资"].Number!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(("2700.00 元", "2700.00 yuan", "\"2700.00\""), (result["工资"].Display(chinese: true), result["工资"].Display(), result["工资"].Json));
        Assert.Null(result.Output("奖金"));
        Assert.Throws<KeyNotFoundException>(() => result["奖金"]);
        Assert.False(result.HasExplanation);
        Assert.Null(result.ExplanationText());
        Assert.Null(result.ExplanationJson());
    }

    [Fact]
    public void Typed_and_JSON_facts_give_the_same_outcome()
    {
        var typed = AfterSales.Evaluate(On91Points(AfterSales), new PolicyEvaluationOptions { Explain = true });
        var json = AfterSales.EvaluateJson("""
            { "岗位": "普通售后客服", "素质": "良", "退款率": 0.06, "纠纷处理": "良", "配合度": "良", "执行力": "中", "迟到": 1, "客户表扬": 3, "低质评价": 1 }
            """, new PolicyEvaluationOptions { Explain = true });

        Assert.Equal(json.OutputsJson(), typed.OutputsJson());
        Assert.Equal(json.ExplanationText(), typed.ExplanationText());
    }

    [Fact]
    public void The_compiled_tier_gives_the_same_outcome_as_the_tree()
    {
        using var compiled = PolicyEngine.LoadFile(AfterSalesFile);
        var first = compiled.Evaluate(On91Points(compiled)); // starts compiling in the background
        Assert.True(first.Succeeded);
        Assert.Equal(AfterSales.Evaluate(On91Points(AfterSales)).OutputsJson(), first.OutputsJson());
    }

    [Fact]
    public async Task An_embedder_can_wait_for_the_compiled_tier_before_its_first_call()
    {
        using var compiled = PolicyEngine.LoadFile(AfterSalesFile);
        Assert.False(compiled.IsCompiled); // nothing has started it yet

        var ready = await compiled.WhenCompiledAsync();

        Assert.Equal(System.Runtime.CompilerServices.RuntimeFeature.IsDynamicCodeSupported, ready);
        Assert.Equal(ready, compiled.IsCompiled);
        Assert.Equal(AfterSales.Evaluate(On91Points(AfterSales)).OutputsJson(), compiled.Evaluate(On91Points(compiled)).OutputsJson());
    }

    [Fact]
    public async Task Without_a_compiled_tier_waiting_for_it_says_so_at_once()
    {
        Assert.False(await AfterSales.WhenCompiledAsync()); // loaded with Compile = false
        Assert.False(AfterSales.IsCompiled);
        using var broken = PolicyEngine.Load("policy 坏策略\ninput { 迟到: count }\noutput 扣分: points = 5 each 早退\n", "坏策略.policy");
        Assert.False(await broken.WhenCompiledAsync());
    }

    [Fact]
    public void One_loaded_policy_serves_many_threads_while_its_compiled_tier_comes_in()
    {
        using var policy = PolicyEngine.LoadFile(AfterSalesFile);
        var facts = On91Points(policy);
        var outputs = new System.Collections.Concurrent.ConcurrentBag<string?>();

        Parallel.For(0, 400, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i => outputs.Add(policy.Evaluate(facts).OutputsJson()));

        Assert.Equal(["""{"得分":"91","考核合格":true,"KPI奖金":"700.00","工资":"2700.00"}"""], outputs.Distinct());
    }

    [Fact]
    public void An_explanation_is_given_in_Chinese_and_English_and_as_JSON_when_asked()
    {
        var result = AfterSales.Evaluate(On91Points(AfterSales), new PolicyEvaluationOptions { Explain = true });

        Assert.True(result.HasExplanation);
        Assert.Contains("退款率分(6%) 第 2 行「<= 8%  => 20」→ 20 分", result.ExplanationText(Language.Zh), StringComparison.Ordinal);
        Assert.Contains("退款率分(6%)", result.ExplanationText(Language.En), StringComparison.Ordinal);
        Assert.NotEqual(result.ExplanationText(Language.Zh), result.ExplanationText(Language.En));
        Assert.Contains("\"outputs\"", result.ExplanationJson(), StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_facts_give_their_errors_and_no_outputs()
    {
        var result = AfterSales.Evaluate(AfterSales.Facts().Set("岗位", "老板").Build());

        Assert.False(result.Succeeded);
        Assert.Null(result.Error);
        Assert.Empty(result.Outputs);
        Assert.Equal("$.岗位", result.FactErrors[0].Path);
        Assert.Null(result.OutputsJson());
        Assert.Contains("$.岗位", result.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2026-3", "canonical form")]
    [InlineData("2026-q1", "canonical form")]
    [InlineData("2026-Q1", "appraised by month")]
    public void A_bad_period_is_an_error_result(string period, string reason)
    {
        var result = AfterSales.Evaluate(On91Points(AfterSales), new PolicyEvaluationOptions { Period = period });

        Assert.Equal(FailureKind.InvalidOptions, result.Error!.Kind);
        Assert.Contains(reason, result.Error.Message, StringComparison.Ordinal);
        Assert.Contains(period, result.Error.MessageZh, StringComparison.Ordinal);
    }

    [Fact]
    public void A_runtime_fault_is_a_located_error_result()
    {
        using var policy = PolicyEngine.Load("""
            policy 除法
            input { 单数: count }
            output 均值: number = 100 / 单数
            """, "除法.policy");
        Assert.True(policy.IsReady, string.Join("\n", policy.Diagnostics));

        var result = policy.Evaluate(policy.Facts().Set("单数", 0).Build());

        Assert.False(result.Succeeded);
        var error = result.Error!;
        Assert.Equal((FailureKind.Runtime, "除法.policy", 3), (error.Kind, error.File, error.Line));
        Assert.NotEqual(error.Message, error.MessageZh);
        Assert.Equal(100m / 3, policy.Evaluate(policy.Facts().Set("单数", 3).Build())["均值"].Number);
    }

    [Fact]
    public void A_budget_too_small_is_an_error_result()
    {
        var facts = AfterSales.Facts().Set("岗位", "普通售后客服").Set("素质", "良").SetPercent("退款率", 6).Set("纠纷处理", "良")
            .Set("配合度", "良").Set("执行力", "中").SetList("投诉扣分", Enumerable.Repeat(5m, 50)).Build();
        var result = AfterSales.Evaluate(facts, new PolicyEvaluationOptions { Budget = 10 });
        Assert.Equal(FailureKind.BudgetExceeded, result.Error!.Kind);
    }

    [Fact]
    public void Earlier_periods_drive_rules_over_them_and_an_earlier_result_can_be_one()
    {
        using var policy = PolicyEngine.LoadFile(Path.Combine(RepositoryPaths.Policies, "quarterly-pay", "季度绩效工资.policy"), new PolicyLoadOptions { Compile = false });
        FactSet Quarter(bool first, bool second) => policy.Facts()
            .Set("全额工资", 10000).Set("指标一达成", first).Set("指标二达成", second).SetList("月度评定", "优秀", "合格", "合格").Build();

        var q1 = policy.Evaluate(Quarter(false, false), new PolicyEvaluationOptions { Period = "2026-Q1" });
        Assert.True(q1["双指标未达成"].Bool);
        // The policy's test "Q1 双指标未达成 → Q2 提取 15%，一个月优秀加 2%".
        var q2 = policy.Evaluate(Quarter(true, false), new PolicyEvaluationOptions { Period = "2026-Q2", EarlierPeriodsJson = $$"""{ "2026-Q1": {{q1.OutputsJson()}} }""" });

        Assert.True(q2.Succeeded, q2.ToString());
        Assert.Equal((0.15m, 1530.00m), (q2["绩效比例"].Number, q2["绩效工资"].Number));
    }

    [Fact]
    public void Bad_earlier_periods_are_fact_errors_named_as_the_service_names_them()
    {
        using var policy = PolicyEngine.LoadFile(Path.Combine(RepositoryPaths.Policies, "quarterly-pay", "季度绩效工资.policy"), new PolicyLoadOptions { Compile = false });
        var facts = policy.Facts().Set("全额工资", 10000).Set("指标一达成", true).Set("指标二达成", true).Build();

        var result = policy.Evaluate(facts, new PolicyEvaluationOptions { Period = "2026-Q2", EarlierPeriodsJson = """{ "2026-Q1": { "双指标未达成": "是" } }""" });

        Assert.Equal("earlier_periods['2026-Q1'].双指标未达成", Assert.Single(result.FactErrors).Path);
    }

    [Fact]
    public void Facts_built_for_another_policy_are_misuse()
    {
        using var other = PolicyEngine.LoadFile(AfterSalesFile, new PolicyLoadOptions { Compile = false });
        Assert.Throws<ArgumentException>(() => AfterSales.Evaluate(On91Points(other)));
        Assert.Throws<ArgumentNullException>(() => AfterSales.Evaluate(null!));
        Assert.Throws<ArgumentNullException>(() => AfterSales.EvaluateJson((string)null!));
    }
}
