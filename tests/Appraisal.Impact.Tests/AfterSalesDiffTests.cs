using Appraisal.Impact.Diff;
using Appraisal.Impact.Reports;
using Appraisal.Policy.Diagnostics;
using Shouldly;

namespace Appraisal.Impact.Tests;

/// <summary>What raising the KPI pool and widening the best refund band does to a team of 10,000.</summary>
public sealed class AfterSalesDiffTests(AfterSalesDiff diff) : IClassFixture<AfterSalesDiff>
{
    private DiffSummary Summary => diff.Report.Summary;

    [Fact]
    public void The_JSON_summary_is_as_approved()
    {
        GoldenFile.Verify(Path.Combine(RepositoryPaths.Root, "tests", "Appraisal.Impact.Tests", "Cases", "diff", "售后客服考核.10000.summary.approved.json"),
            DiffJson.Summary(diff.Report, Language.Zh));
    }

    [Fact]
    public void Every_subject_is_changed_unchanged_or_not_evaluated()
    {
        Summary.Subjects.ShouldBe(AfterSalesDiff.Subjects);
        (Summary.Changed + Summary.Unchanged + Summary.Failed).ShouldBe(Summary.Subjects);
        Summary.Failed.ShouldBe(0);
        Summary.Listed.ShouldBe(Summary.Changed);
        diff.Report.Subjects.Count.ShouldBe(Summary.Changed);
    }

    [Fact]
    public void The_score_rises_by_exactly_ten_for_a_refund_rate_above_5_up_to_6_percent_and_moves_nowhere_else()
    {
        var score = Summary.Outputs.Single(o => o.Output.Name == "得分");
        score.Decreased.ShouldBe(0);
        diff.Report.Subjects.Select(s => s.Of("得分")?.Delta).Where(d => d is not null).ShouldAllBe(d => d == 10m);
        score.MaxDelta.ShouldBe(10m);
        score.TotalDelta.ShouldBe(10m * score.Increased);
    }

    [Fact]
    public void Base_pay_does_not_change_so_the_pay_moves_by_the_KPI_bonus()
    {
        foreach (var subject in diff.Report.Subjects)
            (subject.Of("工资")?.Delta ?? 0m).ShouldBe(subject.Of("KPI奖金")?.Delta ?? 0m, subject.Id);
        var pay = Summary.Outputs.Single(o => o.Output.Name == "工资");
        var bonus = Summary.Outputs.Single(o => o.Output.Name == "KPI奖金");
        pay.TotalDelta.ShouldBe(bonus.TotalDelta);
        pay.MeanDelta.ShouldBe(decimal.Round(pay.TotalDelta!.Value / AfterSalesDiff.Subjects, 2, MidpointRounding.AwayFromZero));
        pay.Output.Kind.ShouldBe(DiffOutputKind.Money);
    }

    [Fact]
    public void Nobody_loses_and_the_largest_pay_rises_are_listed_largest_first()
    {
        var pay = Summary.Outputs.Single(o => o.Output.Name == "工资");
        pay.Decreased.ShouldBe(0, "a larger pool and a wider band can only raise pay");
        pay.Largest.Count.ShouldBe(10);
        pay.Largest[0].Delta.ShouldBe(pay.MaxDelta!.Value);
        pay.Largest.Select(c => c.Delta).ShouldBeInOrder(SortDirection.Descending);
        var tenth = pay.Largest[^1].Delta;
        diff.Report.Subjects.Count(s => s.Of("工资")?.Delta > tenth).ShouldBeLessThan(10);
    }

    [Fact]
    public void Passing_moves_only_from_false_to_true_and_the_movements_account_for_everyone()
    {
        var passed = Summary.Outputs.Single(o => o.Output.Name == "考核合格");
        passed.Movements.ShouldNotContain(m => m.From == "true" && m.To == "false");
        passed.Movements.Sum(m => m.Count).ShouldBe(AfterSalesDiff.Subjects);
        passed.Movements.Single(m => m.From == "false" && m.To == "true").Count.ShouldBe(passed.Changed);
    }

    [Fact]
    public void The_histograms_count_every_subject_before_and_after()
    {
        Summary.Histograms.Select(h => h.Output).ShouldBe(["得分", "工资"]);
        foreach (var histogram in Summary.Histograms)
        {
            histogram.Bins.Sum(b => b.Old).ShouldBe(AfterSalesDiff.Subjects);
            histogram.Bins.Sum(b => b.New).ShouldBe(AfterSalesDiff.Subjects);
            histogram.Bins.Count.ShouldBeLessThanOrEqualTo(25);
        }
    }

    [Fact]
    public void The_CSV_has_one_row_per_subject_per_changed_output()
    {
        using var stream = new MemoryStream();
        DiffCsv.Write(stream, diff.Report);
        stream.ToArray()[..3].ShouldBe(new byte[] { 0xEF, 0xBB, 0xBF }, "a byte order mark, so Excel reads UTF-8");
        var lines = new StreamReader(new MemoryStream(stream.ToArray())).ReadToEnd().Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        lines[0].ShouldBe("subject,row,output,old,new,delta,old_version,new_version");
        (lines.Length - 1).ShouldBe(diff.Report.Subjects.Sum(s => s.Changes.Count));
        var first = diff.Report.Subjects[0];
        // Each row names the versions (here by label and hash: the library's caller did not say where they came from).
        lines[1].ShouldBe($"{first.Id},{first.Row},{first.Changes[0].Output.Name},{first.Changes[0].OldText},{first.Changes[0].NewText},{first.Changes[0].Delta}," +
            $"{diff.Report.Old.Label} version {diff.Report.Old.Hash},{diff.Report.New.Label} version {diff.Report.New.Hash}");
    }

    [Fact]
    public void The_text_table_speaks_either_language()
    {
        using var en = new StringWriter();
        DiffText.Write(en, diff.Report, Language.En);
        en.ToString().ShouldContain($"subjects {AfterSalesDiff.Subjects}, changed {Summary.Changed}, unchanged {Summary.Unchanged}");
        using var zh = new StringWriter();
        DiffText.Write(zh, diff.Report, Language.Zh);
        zh.ToString().ShouldContain($"人数 {AfterSalesDiff.Subjects}，有变化 {Summary.Changed}，无变化 {Summary.Unchanged}");
        zh.ToString().ShouldContain("变化最大：工资");
    }
}
