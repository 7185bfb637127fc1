using Appraisal.Impact.Diff;
using Appraisal.Impact.Reports;
using Appraisal.Impact.Teams;
using Appraisal.Policy.Diagnostics;
using Shouldly;

namespace Appraisal.Impact.Tests;

/// <summary>
/// A policy with population rules (the satisfaction index: a 2:7:1 forced distribution and a rank) is compared by
/// evaluating the whole group under each version: changing the ratio to 3:6:1 re-distributes the group.
/// </summary>
public sealed class GroupDiffTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("impact-group-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private DiffReport Compare(int members)
    {
        var team = Path.Combine(_folder, "分校.csv");
        TestTeams.WriteSatisfactionTeam(team, members, seed: 7);
        var old = new DiffVersion("2:7:1", TestTeams.PlanFile(TestTeams.SatisfactionPath));
        var @new = new DiffVersion("3:6:1", TestTeams.Plan(TestTeams.SatisfactionPath, TestTeams.SatisfactionChanged));
        using var file = TeamFile.Open(team, [old.Plan.Inputs, @new.Plan.Inputs]).File!;
        return PolicyDiff.Run(old, @new, file.Members()).Report!;
    }

    [Fact]
    public void The_group_is_distributed_again_under_the_new_ratio()
    {
        var report = Compare(50);
        report.Summary.Population.ShouldBe(new PopulationInfo(["强制分布", "排名"], ["强制分布", "排名"], 50), new PopulationInfoComparer());
        var distribution = report.Summary.Outputs.Single(o => o.Output.Name == "分布等级");
        int Before(string grade) => distribution.Movements.Where(m => m.From == grade).Sum(m => m.Count);
        int After(string grade) => distribution.Movements.Where(m => m.To == grade).Sum(m => m.Count);
        // Every score differs, so the quotas are exact: round-half-up of 50 × 20% / 70% before, 50 × 30% / 60% after.
        (Before("优秀"), Before("达标"), Before("不达标")).ShouldBe((10, 35, 5));
        (After("优秀"), After("达标"), After("不达标")).ShouldBe((15, 30, 5));
        distribution.Movements.Single(m => m.From == "达标" && m.To == "优秀").Count.ShouldBe(5);
        distribution.Changed.ShouldBe(5);
        // The rank and the score do not depend on the ratio.
        report.Summary.Outputs.Single(o => o.Output.Name == "名次").Changed.ShouldBe(0);
        report.Summary.Outputs.Single(o => o.Output.Name == "指数").Changed.ShouldBe(0);
        report.Subjects.Select(s => s.Changes.Single().Output.Name).Distinct().ShouldBe(["分布等级"]);
    }

    [Fact]
    public void The_ones_moved_up_are_the_five_best_of_those_who_were_达标()
    {
        var report = Compare(50);
        var moved = report.Subjects.Select(s => s.Id).ToHashSet();
        var team = Path.Combine(_folder, "分校.csv");
        using var file = TeamFile.Open(team, [TestTeams.PlanFile(TestTeams.SatisfactionPath).Inputs]).File!;
        var scores = file.Members().Select(m => (m.Id, Score: m.Facts.Properties().Sum(p => decimal.Parse((string)p.Value!, System.Globalization.CultureInfo.InvariantCulture))))
            .OrderByDescending(x => x.Score).ToList();
        moved.ShouldBe(scores.Skip(10).Take(5).Select(x => x.Id).ToHashSet(), ignoreOrder: true);
    }

    [Fact]
    public void The_text_report_says_the_group_was_evaluated_together()
    {
        using var text = new StringWriter();
        DiffText.Write(text, Compare(20), Language.En);
        text.ToString().ShouldContain("evaluated as one group of 20 (population rules: 强制分布, 排名)");
    }

    private sealed class PopulationInfoComparer : IEqualityComparer<PopulationInfo>
    {
        public bool Equals(PopulationInfo? x, PopulationInfo? y) =>
            x is not null && y is not null && x.Members == y.Members && x.OldRules.SequenceEqual(y.OldRules) && x.NewRules.SequenceEqual(y.NewRules);

        public int GetHashCode(PopulationInfo obj) => obj.Members;
    }
}
