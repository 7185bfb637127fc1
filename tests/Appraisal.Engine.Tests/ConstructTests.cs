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
        var checkedPolicy = Compiler.Check(new SourceText("spec.policy", source));
        Assert.True(!checkedPolicy.HasErrors, string.Join("\n", checkedPolicy.Diagnostics.Select(d => $"{d.Span}: {d.Code} {d.Message()}")));
        return Planner.Plan(checkedPolicy);
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
    public void Band_tables_first_hit_and_else()
    {
        AllTestsPass(ConstructPolicies.Band_tables_first_hit_and_else);
    }

    [Fact]
    public void Collect_sum_adds_every_matching_row()
    {
        AllTestsPass(ConstructPolicies.Collect_sum_adds_every_matching_row);
    }

    [Fact]
    public void Scorecard_floor_cap_weight_deduct_add()
    {
        AllTestsPass(ConstructPolicies.Scorecard_floor_cap_weight_deduct_add);
    }

    [Fact]
    public void Pass_line_is_inclusive_and_money_is_rounded_as_stated()
    {
        AllTestsPass(ConstructPolicies.Pass_line_is_inclusive_and_money_is_rounded_as_stated);
    }

    [Fact]
    public void All_or_nothing_gate_and_veto()
    {
        AllTestsPass(ConstructPolicies.All_or_nothing_gate_and_veto);
    }

    [Fact]
    public void Exceptions_take_the_first_that_holds()
    {
        AllTestsPass(ConstructPolicies.Exceptions_take_the_first_that_holds);
    }

    [Fact]
    public void Levels_are_cumulative_and_promote_one_step()
    {
        AllTestsPass(ConstructPolicies.Levels_are_cumulative_and_promote_one_step);
    }

    [Fact]
    public void Escalation_steps_caps_and_resets_over_quarters()
    {
        AllTestsPass(ConstructPolicies.Escalation_steps_caps_and_resets_over_quarters);
    }

    [Fact]
    public void Forced_distribution_with_a_tie_at_the_boundary()
    {
        AllTestsPass(ConstructPolicies.Forced_distribution_with_a_tie_at_the_boundary);
    }

    [Fact]
    public void Lowest_quotient_wins_among_eligible_bids()
    {
        AllTestsPass(ConstructPolicies.Lowest_quotient_wins_among_eligible_bids);
    }

    [Fact]
    public void Dated_parameters_take_the_value_in_force_for_the_period()
    {
        AllTestsPass(ConstructPolicies.Dated_parameters_take_the_value_in_force_for_the_period);
    }

    [Fact]
    public void Aggregations_over_lists_of_records()
    {
        AllTestsPass(ConstructPolicies.Aggregations_over_lists_of_records);
    }

    [Fact]
    public void Division_by_zero_at_run_time_is_a_located_error_not_a_zero()
    {
        var plan = Plan(ConstructPolicies.Division_by_zero_at_run_time_is_a_located_error_not_a_zero);
        var error = Assert.Throws<EvaluationException>(() => Evaluator.Evaluate(plan, [Value.Of(5m), Value.Of(0m)]));
        Assert.Equal("division by zero", error.Message);
        Assert.Equal((3, 21), error.Span.StartPosition);
    }

    [Fact]
    public void A_unique_table_with_no_matching_row_is_a_located_error()
    {
        var plan = Plan(ConstructPolicies.A_unique_table_with_no_matching_row_is_a_located_error);
        var error = Assert.Throws<EvaluationException>(() => Evaluator.Evaluate(plan, [Value.Of(120m), Value.Of(100m)]));
        Assert.Equal("no row of table '档' matches s = 120, m = 100", error.Message);
    }

    [Fact]
    public void The_cost_budget_stops_an_evaluation_that_is_too_large()
    {
        var plan = Plan(ConstructPolicies.The_cost_budget_stops_an_evaluation_that_is_too_large);
        var facts = new[] { Value.Of(Enumerable.Repeat(Value.Of(1m), 1000).ToArray()) };
        Assert.Equal(Value.Of(1000m), Evaluator.Evaluate(plan, facts)["合计"]);
        var error = Assert.Throws<EvaluationException>(() => Evaluator.Evaluate(plan, facts, new EvaluationOptions { Budget = 100 }));
        Assert.Equal(EvaluationErrorKind.BudgetExceeded, error.Kind);
    }
}
