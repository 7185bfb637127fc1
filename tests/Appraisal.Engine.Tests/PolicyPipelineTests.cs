using Appraisal.Policy.Semantics;
using Appraisal.Policy.Text;

namespace Appraisal.Engine.Tests;

/// <summary>The pipeline from text to plan: named stages in order, each timed, and a policy's mistakes as diagnostics.</summary>
public class PolicyPipelineTests
{
    [Fact]
    public void A_clean_policy_goes_through_every_stage_in_order_and_is_planned()
    {
        var loaded = PolicyPipeline.LoadFile(Path.Combine(RepositoryPaths.Policies, "after-sales", "售后客服考核.policy"));
        Assert.NotNull(loaded.Plan);
        Assert.Equal(
            ["Parser", "Includes", "NameResolution", "TypeCheck", "CycleCheck", "DepthCheck", "ParameterCheck", "TableCheck",
             "ScorecardCheck", "RuleCheck", "TestCheck", "UnusedCheck", "Planner"],
            loaded.Stages.Select(s => s.Stage));
        Assert.All(loaded.Stages, s => Assert.True(s.Elapsed >= TimeSpan.Zero));
    }

    [Fact]
    public void A_policy_with_errors_has_its_diagnostics_and_no_plan_and_nothing_throws()
    {
        var loaded = PolicyPipeline.Load(new SourceText("bad.policy", "policy 坏\ninput { a: points }\noutput b: points = a + 未定义\n"), new IncludeReader());
        Assert.Null(loaded.Plan);
        Assert.Equal("PL0101", Assert.Single(loaded.Diagnostics).Code);
        Assert.DoesNotContain(loaded.Stages, s => s.Stage == "Planner");
    }

    [Fact]
    public void A_file_that_does_not_parse_stops_after_the_parser_and_the_includes()
    {
        var loaded = PolicyPipeline.Load(new SourceText("bad.policy", "policy 坏\ninput { a: }\n"), new IncludeReader());
        Assert.Null(loaded.Plan);
        Assert.Equal(["Parser", "Includes"], loaded.Stages.Select(s => s.Stage));
    }

    /// <summary>Each pass of the table is a file of its own, named after it (the pipeline a newcomer reads).</summary>
    [Fact]
    public void Every_pass_of_the_checker_lives_in_its_own_file()
    {
        var semantics = Path.Combine(RepositoryPaths.Root, "src", "Appraisal.Policy", "Semantics");
        Assert.All(Checker.Passes, pass => Assert.True(File.Exists(Path.Combine(semantics, pass.Name + ".cs")), pass.Name));
    }
}
