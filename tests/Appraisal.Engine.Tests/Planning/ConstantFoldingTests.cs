using Appraisal.Engine.Evaluation;
using Appraisal.Engine.Planning;
using Appraisal.Engine.Values;
using Appraisal.Policy.Semantics;
using Appraisal.Policy.Syntax;
using Appraisal.Policy.Text;

namespace Appraisal.Engine.Tests.Planning;

/// <summary>
/// Constants are folded by evaluating planned nodes (<see cref="ConstantFolding"/>): what depends on nothing becomes
/// the value the tree computes, scale included; what fails is left for the runtime to report where it is; what reads
/// a fact, a period or the budget is never folded.
/// </summary>
public class ConstantFoldingTests
{
    private static PolicyPlan Plan(string text, bool fold = true)
    {
        var checkedPolicy = Checker.Check(new SourceText("fold.policy", text));
        Assert.False(checkedPolicy.HasErrors, string.Join("\n", checkedPolicy.Diagnostics.Select(d => d.Code + " " + d.Message())));
        return Planner.Plan(checkedPolicy, new PlannerOptions { Fold = fold });
    }

    private static EvalNode Body(PolicyPlan plan, string output) => plan.Outputs.Single(o => o.Name == output).Body;

    [Fact]
    public void What_depends_on_nothing_becomes_the_value_the_tree_computes_with_its_scale()
    {
        var plan = Plan("""
            policy p
            param 总额: money = 1000.00 yuan
            input { s: points in 0..100 }
            output 份额: money round 0.01 = 总额 * 70%
            output 取整: number = floor(7.5) + round(2.25, 0.1)
            output 混合: money round 0.01 = 总额 * s / 100 pts
            """);
        var share = Assert.IsType<EvalConst>(Body(plan, "份额")); // 1000.00 × 0.7 (70 ÷ 100): three decimals, as the tree computes it
        Assert.Equal("700.000", share.Value.AsNumber.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(9.3m, Assert.IsType<EvalConst>(Body(plan, "取整")).Value.AsNumber);
        // Reads a fact: planned, not folded, but its constant operand is.
        var mixed = Assert.IsType<EvalArithmetic>(Body(plan, "混合"));
        var product = Assert.IsType<EvalArithmetic>(mixed.Left);
        Assert.IsType<EvalConst>(product.Left);
        Assert.IsType<EvalInput>(product.Right);
    }

    [Fact]
    public void Without_folding_only_literals_are_constants_and_the_outcome_is_the_same()
    {
        const string text = """
            policy p
            param 总额: money = 1000.00 yuan
            output 份额: money round 0.01 = 总额 * 70%
            """;
        var (folded, unfolded) = (Plan(text), Plan(text, fold: false));
        var product = Assert.IsType<EvalArithmetic>(Body(unfolded, "份额"));
        Assert.IsType<EvalConst>(product.Left); // the parameter's value expression, a literal
        Assert.Equal(Evaluator.Evaluate(folded, []).Outputs[0].Value.ToString(), Evaluator.Evaluate(unfolded, []).Outputs[0].Value.ToString());
    }

    [Fact]
    public void A_constant_that_fails_is_left_for_the_runtime_to_report_where_it_is()
    {
        var plan = Plan("""
            policy p
            param 大: number = 79228162514264337593543950335
            output 溢出: number = 大 * 2 + 1
            """);
        var sum = Assert.IsType<EvalArithmetic>(Body(plan, "溢出"));
        var product = Assert.IsType<EvalArithmetic>(sum.Left);
        var error = Assert.Throws<EvaluationException>(() => Evaluator.Evaluate(plan, []));
        Assert.Equal(product.Span, error.Span);
        Assert.Equal("the result is too large for an exact decimal", error.Message);
    }

    [Fact]
    public void Dated_parameters_aggregates_and_tables_are_never_folded()
    {
        var plan = Plan("""
            policy p period month effective 2026-01-01
            param 底薪: money { 2026-01-01 => 2000 yuan  2026-07-01 => 2200 yuan }
            table 档(x: number) -> number first { <= 1 => 10  else => 20 }
            output 工资: money round 0.01 = 底薪 + 0 yuan
            output 档位: number = 档(1)
            output 总和: number = sum(x in [1, 2, 3] : x)
            """);
        Assert.IsType<EvalDatedParameter>(Assert.IsType<EvalArithmetic>(Body(plan, "工资")).Left);
        Assert.IsType<EvalTableCall>(Body(plan, "档位"));
        Assert.IsType<EvalAggregate>(Body(plan, "总和"));
    }

    /// <summary>The checker's evaluator is for its diagnostics: no code of the engine calls it (doc comments may name it).</summary>
    [Fact]
    public void The_engine_does_not_use_the_checkers_constant_evaluator()
    {
        var users = Directory.EnumerateFiles(Path.Combine(RepositoryPaths.Root, "src", "Appraisal.Engine"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Where(f => File.ReadLines(f).Any(line => !line.TrimStart().StartsWith("//", StringComparison.Ordinal) && line.Contains("ConstantEvaluator", StringComparison.Ordinal)))
            .Select(f => Path.GetRelativePath(RepositoryPaths.Root, f));
        Assert.Empty(users);
    }

    [Fact]
    public void Defaults_and_test_values_are_evaluated_the_same_way()
    {
        var plan = Plan("""
            policy p
            param 基数: points = 60
            input { s: points = 基数 + 10 pts, t: percent = 5% }
            output o: points = s
            """);
        var constants = new ConstantFolding(plan.Source.Model);
        Assert.Equal(Value.Of(70m), plan.Inputs.Field("s")!.Default);
        Assert.Equal("0.05", plan.Inputs.Field("t")!.Default!.Value.AsNumber.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(70m, constants.Number(plan.Source.File.Declarations.OfType<InputDecl>().Single().Fields[0].Default));
    }
}
