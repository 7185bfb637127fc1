using Appraisal.Engine.Evaluation;
using Appraisal.Engine.Planning;
using Appraisal.Engine.Testing;
using Appraisal.Engine.Values;
using Appraisal.Policy.Semantics;
using Appraisal.Policy.Text;

namespace Appraisal.Engine.Tests;

/// <summary>
/// The meaning of each construct, stated as policies with their own tests (given facts → expected outputs),
/// including the boundaries: exactly on a pass line, floors and caps, ties, escalation cap and reset.
/// </summary>
public class ConstructTests
{
    private static PolicyPlan Plan(string source)
    {
        var checkedPolicy = Checker.Check(new SourceText("spec.policy", source));
        Assert.True(!checkedPolicy.HasErrors, string.Join("\n", checkedPolicy.Diagnostics.Select(d => $"{d.Span}: {d.Code} {d.Message()}")));
        return Planner.Plan(checkedPolicy);
    }

    /// <summary>The construct policies that state their meaning in their own tests (the others are checked below).</summary>
    public static TheoryData<string> WithTests()
    {
        var data = new TheoryData<string>();
        foreach (var (name, source) in ConstructPolicies.All)
        {
            if (source.Contains("\ntest \"", StringComparison.Ordinal)) data.Add(name);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(WithTests))]
    public void Every_construct_policys_own_tests_pass(string construct) => AllTestsPass(ConstructPolicies.Source(construct));

    /// <summary>A construct policy says what it means in its own tests, or is one of the error cases checked below.</summary>
    [Fact]
    public void Every_construct_policy_is_checked()
    {
        var withTests = WithTests().Cast<object[]>().Select(row => (string)row[0]).ToHashSet();
        var checkedBelow = new[]
        {
            "Division_by_zero_at_run_time_is_a_located_error_not_a_zero",
            "A_unique_table_with_no_matching_row_is_a_located_error",
            "The_cost_budget_stops_an_evaluation_that_is_too_large",
        };
        Assert.Equal(ConstructPolicies.All.Select(p => p.Name).Where(n => !withTests.Contains(n)).Order(), checkedBelow.Order());
    }

    private static void AllTestsPass(string source)
    {
        var plan = Plan(source);
        var results = PolicyTestRunner.Run(plan);
        Assert.NotEmpty(results);
        var failures = results.Where(r => !r.Passed).Select(r => r.Title + ": " + (r.Error?.ToString()
            ?? string.Join("; ", r.Mismatches.Select(m => $"{m.Output} expected {ValueFormat.Format(m.Expected, m.Type)}, got {ValueFormat.Format(m.Actual, m.Type)}"))));
        Assert.True(!failures.Any(), string.Join("\n", failures));
    }

    [Fact]
    public void Division_by_zero_at_run_time_is_a_located_error_not_a_zero()
    {
        var plan = Plan(ConstructPolicies.Source("Division_by_zero_at_run_time_is_a_located_error_not_a_zero"));
        var error = Assert.Throws<EvaluationException>(() => Evaluator.Evaluate(plan, [Value.Of(5m), Value.Of(0m)]));
        Assert.Equal("division by zero", error.Message);
        Assert.Equal((3, 21), error.Span.StartPosition);
    }

    [Fact]
    public void A_unique_table_with_no_matching_row_is_a_located_error()
    {
        var plan = Plan(ConstructPolicies.Source("A_unique_table_with_no_matching_row_is_a_located_error"));
        var error = Assert.Throws<EvaluationException>(() => Evaluator.Evaluate(plan, [Value.Of(120m), Value.Of(100m)]));
        Assert.Equal("no row of table '档' matches s = 120, m = 100", error.Message);
    }

    [Fact]
    public void The_cost_budget_stops_an_evaluation_that_is_too_large()
    {
        var plan = Plan(ConstructPolicies.Source("The_cost_budget_stops_an_evaluation_that_is_too_large"));
        var facts = new[] { Value.Of(Enumerable.Repeat(Value.Of(1m), 1000).ToArray()) };
        Assert.Equal(Value.Of(1000m), Evaluator.Evaluate(plan, facts)["合计"]);
        var error = Assert.Throws<EvaluationException>(() => Evaluator.Evaluate(plan, facts, new EvaluationOptions { Budget = 100 }));
        Assert.Equal(EvaluationErrorKind.BudgetExceeded, error.Kind);
    }
}
