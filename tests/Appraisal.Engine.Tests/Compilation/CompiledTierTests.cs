using System.Globalization;
using Appraisal.Engine.Compilation;
using Appraisal.Engine.Evaluation;
using Appraisal.Engine.Planning;
using Appraisal.Engine.Testing;
using Appraisal.Engine.Values;
using Appraisal.Policy.Semantics;
using Appraisal.Policy.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit.Abstractions;

namespace Appraisal.Engine.Tests.Compilation;

public class CompiledTierTests(ITestOutputHelper output)
{
    private static PolicyPlan Plan(string source)
    {
        var checkedPolicy = Checker.Check(new SourceText("spec.policy", source));
        Assert.True(!checkedPolicy.HasErrors, string.Join("\n", checkedPolicy.Diagnostics.Select(d => $"{d.Span}: {d.Code} {d.Message()}")));
        return Planner.Plan(checkedPolicy);
    }

    public static TheoryData<string> Constructs()
    {
        var data = new TheoryData<string>();
        foreach (var (name, source) in ConstructPolicies.All)
        {
            if (source.Contains("test \"", StringComparison.Ordinal)) data.Add(name);
        }
        return data;
    }

    /// <summary>The tests written in each construct's policy pass when the single evaluations run compiled.</summary>
    [Theory]
    [MemberData(nameof(Constructs))]
    public void Construct_policy_tests_pass_on_the_compiled_tier(string name)
    {
        var plan = Plan(ConstructPolicies.All.Single(p => p.Name == name).Source);
        using var compiled = CompiledPolicy.Compile(plan);
        Assert.True(compiled.IsCompiled, compiled.FallbackReason);
        var calls = 0;
        var results = PolicyTestRunner.Run(plan, evaluate: (facts, options) =>
        {
            calls++;
            return compiled.Evaluate(facts, options);
        });
        var failures = results.Where(r => !r.Passed).Select(r => r.Title + ": " + (r.Error?.ToString()
            ?? string.Join("; ", r.Mismatches.Select(m => $"{m.Output} expected {m.Expected}, got {m.Actual}"))));
        Assert.True(!failures.Any(), string.Join("\n", failures));
        if (!plan.PopulationRules.Any()) Assert.True(calls > 0);
    }

    [Fact]
    public void After_sales_policy_tests_pass_on_the_compiled_tier()
    {
        var plan = PolicyPipeline.LoadFile(Path.Combine(RepositoryPaths.Policies, "after-sales", "售后客服考核.policy")).Plan!;
        using var compiled = CompiledPolicy.Compile(plan);
        output.WriteLine($"compiled in {compiled.CompileTime.TotalMilliseconds:F1} ms");
        var results = PolicyTestRunner.Run(plan, evaluate: (facts, options) => compiled.Evaluate(facts, options));
        Assert.All(results, r => Assert.True(r.Passed, r.Title));
        Assert.Equal("700.00", results.Single(r => r.Title.StartsWith("恰好 91 分", StringComparison.Ordinal)).Outcomes[0]["KPI奖金"].ToString());
    }

    /// <summary>
    /// Tables whose rows each name members of one enum column and no member twice are compiled to a switch on the
    /// member: every member, on both tiers, gives the same value or the same located error (no row, else row, a row
    /// naming two members, a first-hit table, and a table with a second column that keeps the general form).
    /// </summary>
    [Fact]
    public void Enum_tables_answer_every_member_as_the_tree_does()
    {
        var plan = Plan("""
            policy t
            enum 等级 { 优, 良, 中, 差 }
            input { g: 等级  n: points = 0 }
            table 唯一(x: 等级) -> points {
              优 => 20
              良, 中 => 10
              差 => 0
            }
            table 首个(x: 等级) -> points first {
              优 => 5
              良 => 3
              else => 1
            }
            table 缺行(x: 等级) -> points {
              优 => 2
              良 => 1
              中 => 0
              差 => n * 2
            }
            table 两列(x: 等级, k: points) -> points first {
              优 | >= 1 => 9
              优 | -    => 8
              else => 7
            }
            output a: points = 唯一(g)
            output b: points = 首个(g)
            output c: points = 缺行(g)
            output d: points = 两列(g, n)
            """);
        using var compiled = CompiledPolicy.Compile(plan);
        Assert.True(compiled.IsCompiled, compiled.FallbackReason);
        var grade = (EnumType)plan.Inputs.Fields[0].Type;
        for (var member = 0; member < grade.Members.Length; member++)
        {
            foreach (var n in new[] { 0m, 3m })
            {
                Value[] facts = [Value.Of(grade, member), Value.Of(n)];
                var tree = Evaluator.Evaluate(plan, facts);
                var fromCompiled = compiled.Evaluate(facts);
                Assert.Equal(tree.Outputs.Select(o => o.Value.ToString()), fromCompiled.Outputs.Select(o => o.Value.ToString()));
            }
        }
        Assert.Equal("10", Evaluator.Evaluate(plan, [Value.Of(grade, 2), Value.Of(0m)])["a"].ToString());
    }

    [Fact]
    public void Division_by_zero_is_the_same_located_error()
    {
        var plan = Plan(ConstructPolicies.Source("Division_by_zero_at_run_time_is_a_located_error_not_a_zero"));
        using var compiled = CompiledPolicy.Compile(plan);
        var error = Assert.Throws<EvaluationException>(() => compiled.Evaluate([Value.Of(5m), Value.Of(0m)]));
        Assert.Equal("division by zero", error.Message);
        Assert.Equal((3, 21), error.Span.StartPosition);
    }

    /// <summary>Faults that used to escape as raw exceptions: rounding beyond a decimal, a date past 9999-12-31.</summary>
    [Theory]
    [InlineData("output 工资: money round 0.01 = 金额", "79000000000000000000000000000", "(3,1)", "the result is too large for an exact decimal")]
    [InlineData("output 工资: money round 0.01 = round(金额, 0.001)", "79000000000000000000000000000", "(3,31)", "the result is too large for an exact decimal")]
    [InlineData("output 截止: date = 开始 + 时长", "87600000", "(3,19)", "the date falls outside 0001-01-01..9999-12-31")]
    [InlineData("output 截止: date = 开始 - 时长", "87600000", "(3,19)", "the date falls outside 0001-01-01..9999-12-31")]
    public void Overflow_of_rounding_and_dates_is_the_same_located_error_in_both_tiers(string output, string number, string at, string message)
    {
        var plan = Plan($$"""
            policy t
            input { 金额: money = 0 yuan  开始: date = 2026-01-01  时长: duration = 0h }
            {{output}}
            """);
        var facts = output.Contains("时长", StringComparison.Ordinal)
            ? new[] { Value.Of(0m), Value.Of(new DateOnly(2026, 1, 1)), Value.Of(decimal.Parse(number, CultureInfo.InvariantCulture)) }
            : new[] { Value.Of(decimal.Parse(number, CultureInfo.InvariantCulture)), Value.Of(new DateOnly(2026, 1, 1)), Value.Of(0m) };
        using var compiled = CompiledPolicy.Compile(plan);
        Assert.True(compiled.IsCompiled, compiled.FallbackReason);

        var tree = Assert.Throws<EvaluationException>(() => Evaluator.Evaluate(plan, facts));
        var fromCompiled = Assert.Throws<EvaluationException>(() => compiled.Evaluate(facts));

        Assert.Equal(message, tree.Message);
        Assert.Equal(at, tree.Span.StartPosition.ToString().Replace(" ", "", StringComparison.Ordinal));
        Assert.Equal((tree.Kind, tree.Message, tree.Span), (fromCompiled.Kind, fromCompiled.Message, fromCompiled.Span));
    }

    [Theory]
    [InlineData("output 工资: money round 0.01 = 金额 * 10", "(3,31)")]
    [InlineData("output 工资: money round 0.01 = 金额 + 金额", "(3,31)")]
    [InlineData("output 工资: money round 0.01 = 0 yuan - 金额 - 金额", "(3,31)")]
    [InlineData("output 工资: money round 0.01 = 金额 / 0.5", "(3,31)")]
    [InlineData("let 双倍: money = 金额 * 2\noutput 工资: money round 0.01 = if 金额 > 0 yuan then 双倍 else 0 yuan", "(3,17)")]
    public void An_arithmetic_overflow_is_the_tree_s_located_error_in_the_compiled_tier(string rules, string at)
    {
        var plan = Plan($$"""
            policy t
            input { 金额: money = 0 yuan }
            {{rules}}
            """);
        Value[] facts = [Value.Of(decimal.MaxValue)];
        using var compiled = CompiledPolicy.Compile(plan);
        Assert.True(compiled.IsCompiled, compiled.FallbackReason);

        var tree = Assert.Throws<EvaluationException>(() => Evaluator.Evaluate(plan, facts));
        var fromCompiled = Assert.Throws<EvaluationException>(() => compiled.Evaluate(facts));

        Assert.Equal("the result is too large for an exact decimal", tree.Message);
        Assert.Equal(at, tree.Span.StartPosition.ToString().Replace(" ", "", StringComparison.Ordinal));
        Assert.Equal((tree.Kind, tree.Message, tree.Span), (fromCompiled.Kind, fromCompiled.Message, fromCompiled.Span));
        Assert.NotEqual(0m, compiled.Evaluate([Value.Of(1m)]).Outputs[0].Value.AsNumber); // and it serves on
    }

    [Fact]
    public void A_rule_is_only_computed_when_read()
    {
        var plan = Plan("""
            policy t
            input { 分子: points  分母: points  用比例: bool }
            let 比例: number = 分子 / 分母
            output 结果: number = if 用比例 then 比例 else 0
            """);
        using var compiled = CompiledPolicy.Compile(plan);
        Assert.Equal(Value.Of(0m), compiled.Evaluate([Value.Of(5m), Value.Of(0m), Value.False])["结果"]);
        Assert.Throws<EvaluationException>(() => compiled.Evaluate([Value.Of(5m), Value.Of(0m), Value.True]));
        Assert.Equal(Value.Of(2.5m), compiled.Evaluate([Value.Of(5m), Value.Of(2m), Value.True])["结果"]);
    }

    [Fact]
    public void The_budget_is_counted_the_same_way()
    {
        var plan = Plan(ConstructPolicies.Source("The_cost_budget_stops_an_evaluation_that_is_too_large"));
        using var compiled = CompiledPolicy.Compile(plan);
        var facts = new[] { Value.Of(Enumerable.Repeat(Value.Of(1m), 10).ToArray()) };
        // 10 items cost 11 units: a budget of 11 suffices, 10 does not, on both tiers.
        foreach (var budget in new[] { 10L, 11L })
        {
            var options = new EvaluationOptions { Budget = budget };
            var difference = DifferentialTests.Difference(
                DifferentialTests.Run(() => Evaluator.Evaluate(plan, facts, options)),
                DifferentialTests.Run(() => compiled.Evaluate(facts, options)));
            Assert.Null(difference);
        }
        Assert.Throws<EvaluationException>(() => compiled.Evaluate(facts, new EvaluationOptions { Budget = 10 }));
    }

    [Fact]
    public void Explanations_use_the_tree_evaluator()
    {
        var plan = Plan(ConstructPolicies.Source("Band_tables_first_hit_and_else"));
        using var compiled = CompiledPolicy.Compile(plan);
        var outcome = compiled.Evaluate([Value.Of(0.05m)], new EvaluationOptions { Explain = true });
        Assert.NotNull(outcome.Explanation);
        Assert.Null(compiled.Evaluate([Value.Of(0.05m)]).Explanation);
    }

    [Fact]
    public async Task The_tiered_evaluator_switches_to_compiled_code()
    {
        var plan = PolicyPipeline.LoadFile(Path.Combine(RepositoryPaths.Policies, "after-sales", "售后客服考核.policy")).Plan!;
        using var tiered = new TieredEvaluator(plan);
        var facts = PolicyTestRunner.Run(plan).Single(r => r.Title == "满分员工").Outcomes[0];
        var inputs = FactsOf(plan, "满分员工");
        var before = tiered.Evaluate(inputs);
        Assert.True(await tiered.WhenCompiledAsync());
        Assert.True(tiered.IsCompiled);
        Assert.Null(tiered.CompilationError);
        var after = tiered.Evaluate(inputs);
        Assert.Equal(before.Outputs.Select(o => o.Value), after.Outputs.Select(o => o.Value));
        Assert.Equal(facts.Outputs.Select(o => o.Value), after.Outputs.Select(o => o.Value));
        tiered.Dispose();
        Assert.False(tiered.IsCompiled);
        Assert.Equal(after.Outputs.Select(o => o.Value), tiered.Evaluate(inputs).Outputs.Select(o => o.Value));
    }

    [Fact]
    public async Task Evaluations_running_while_the_tier_switches_all_agree()
    {
        var plan = PolicyPipeline.LoadFile(Path.Combine(RepositoryPaths.Policies, "after-sales", "售后客服考核.policy")).Plan!;
        var inputs = FactsOf(plan, "满分员工");
        var expected = Evaluator.Evaluate(plan, inputs).Outputs.Select(o => o.Value.ToString()).ToList();
        using var tiered = new TieredEvaluator(plan);
        var workers = Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
        {
            var compiledSeen = 0;
            for (var i = 0; i < 20_000 && compiledSeen < 100; i++)
            {
                if (tiered.IsCompiled) compiledSeen++;
                Assert.Equal(expected, tiered.Evaluate(inputs).Outputs.Select(o => o.Value.ToString()));
            }
        })).ToArray();
        await Task.WhenAll(workers);
        Assert.True(await tiered.WhenCompiledAsync());
    }

    private static Value[] FactsOf(PolicyPlan plan, string title)
    {
        Value[]? captured = null;
        var test = plan.Source.File.Declarations.OfType<Appraisal.Policy.Syntax.TestDecl>().Single(t => t.Title == title);
        PolicyTestRunner.Run(plan, test, evaluate: (facts, options) =>
        {
            captured ??= facts;
            return Evaluator.Evaluate(plan, facts, options);
        });
        return captured!;
    }

    [Fact]
    public void Generated_code_has_no_policy_text_outside_string_literals()
    {
        const string source = """
            policy zq_policy
            enum zq_grade { zq_good, zq_bad }
            record zq_item { zq_points: points in 0..20  zq_kind: zq_grade = zq_good }
            input { zq_score: points in 0..100  zq_list: list of zq_item = []  zq_flag: bool = false  zq_g: zq_grade }
            table zq_band(zq_col: points) -> points first { <= 60 => 0  60..80 => 1  else => 2 }
            let zq_total: points = sum(zq_x in zq_list where zq_x.zq_kind == zq_good : zq_x.zq_points)
            scorecard zq_card out of 100 { item zq_entry max 100 = zq_score }
            gate zq_gate: zq_card.score >= 60
            veto zq_veto when zq_flag { zq_text = "*/ System.Environment.Exit(1); /*" } "m"
            output zq_text: text = "ok"
            output zq_out: points = zq_band(zq_score) + zq_total
            output zq_pass: bool = zq_gate
            """;
        var plan = Plan(source);
        using var compiled = CompiledPolicy.Compile(plan);
        Assert.True(compiled.IsCompiled, compiled.FallbackReason);
        var tree = CSharpSyntaxTree.ParseText(compiled.Source!);
        var offending = new List<string>();
        foreach (var token in tree.GetRoot().DescendantTokens(descendIntoTrivia: true))
        {
            if (token.IsKind(SyntaxKind.StringLiteralToken)) continue;
            if (token.Text.Contains("zq_", StringComparison.Ordinal) || token.Text.Contains("Exit", StringComparison.Ordinal)) offending.Add(token.Text);
        }
        foreach (var trivia in tree.GetRoot().DescendantTrivia())
        {
            if (trivia.ToString().Contains("zq_", StringComparison.Ordinal)) offending.Add(trivia.ToString());
        }
        Assert.Empty(offending);
        Assert.DoesNotContain("Exit", compiled.Source!, StringComparison.Ordinal);
        Assert.Contains("\"zq_total\"", compiled.Source!, StringComparison.Ordinal);
        var outcome = compiled.Evaluate([Value.Of(70m), Value.Of(Array.Empty<Value>()), Value.True, Value.Of(new EnumType("zq_grade", ["zq_good", "zq_bad"]), 0)]);
        Assert.Equal("*/ System.Environment.Exit(1); /*", outcome["zq_text"].AsText);
    }

    [Fact]
    public void A_disposed_compiled_policy_can_be_unloaded()
    {
        var context = CompileEvaluateAndDispose();
        for (var i = 0; i < 20 && context.IsAlive; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }
        Assert.False(context.IsAlive);
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static WeakReference CompileEvaluateAndDispose()
    {
        var plan = Plan(ConstructPolicies.Source("Band_tables_first_hit_and_else"));
        var compiled = CompiledPolicy.Compile(plan);
        var context = new WeakReference(compiled.LoadContext);
        Assert.Equal(Value.Of(30m), compiled.Evaluate([Value.Of(0.05m)])["分"]);
        compiled.Dispose();
        Assert.False(compiled.IsCompiled);
        Assert.Equal(Value.Of(30m), compiled.Evaluate([Value.Of(0.05m)])["分"]);
        return context;
    }

    /// <summary>
    /// Every kind of evaluation node has its own method in <see cref="IEvalNodeVisitor{T}"/>, which the generator
    /// implements: a new kind of node does not build until the generator handles it (no silent fall-back to the tree).
    /// </summary>
    [Fact]
    public void Every_kind_of_evaluation_node_is_a_method_of_the_visitor_the_generator_implements()
    {
        var kinds = typeof(EvalNode).Assembly.GetTypes().Where(t => t.IsSubclassOf(typeof(EvalNode))).ToHashSet();
        var visited = typeof(IEvalNodeVisitor<>).GetMethods().Select(m => m.GetParameters().Single().ParameterType).ToHashSet();
        Assert.Equal(kinds.OrderBy(t => t.Name).Select(t => t.Name), visited.OrderBy(t => t.Name).Select(t => t.Name));
        Assert.All(kinds, t => Assert.True(t.IsSealed, t.Name));
    }

    /// <summary>
    /// Every kind of rule plan is a method of the visitor the C# generator implements: a new kind of rule does not build
    /// until the generator emits it (no fall-back to the tree at run time).
    /// </summary>
    [Fact]
    public void Every_kind_of_rule_is_a_method_of_the_visitor_the_generator_implements()
    {
        var kinds = typeof(RulePlan).Assembly.GetTypes().Where(t => t.IsSubclassOf(typeof(RulePlan))).ToHashSet();
        var visited = typeof(IRulePlanVisitor<>).GetMethods().Select(m => m.GetParameters().Single().ParameterType).ToHashSet();
        Assert.Equal(kinds.OrderBy(t => t.Name).Select(t => t.Name), visited.OrderBy(t => t.Name).Select(t => t.Name));
        Assert.All(kinds, t => Assert.True(t.IsSealed, t.Name));
    }

    [Fact]
    public void Population_rules_fail_alone_and_groups_use_the_tree()
    {
        var plan = Plan(ConstructPolicies.Source("Lowest_quotient_wins_among_eligible_bids"));
        using var compiled = CompiledPolicy.Compile(plan);
        var member = new[] { Value.Of(900m), Value.True };
        var difference = DifferentialTests.Difference(
            DifferentialTests.Run(() => Evaluator.Evaluate(plan, member)),
            DifferentialTests.Run(() => compiled.Evaluate(member)));
        Assert.Null(difference);
        var outcomes = compiled.EvaluateGroup([member, [Value.Of(800m), Value.False]]);
        Assert.Equal(Value.True, outcomes[0]["是否中标"]);
    }
}
