using System.Text;
using Appraisal.Cli.Tests;
using Appraisal.Impact.Teams;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Newtonsoft.Json.Linq;
using Shouldly;

namespace Appraisal.Impact.Tests;

/// <summary><c>policy diff</c> and <c>policy eval --group --team … --out …</c>, run in-process as a user runs them.</summary>
public sealed class CliTests : IDisposable
{
    private readonly Workspace _workspace = new();

    public void Dispose() => _workspace.Dispose();

    private void AfterSales(int subjects)
    {
        _workspace.Write("old.policy", TestTeams.AfterSalesText);
        _workspace.Write("new.policy", TestTeams.AfterSalesChanged);
        TestTeams.WriteAfterSalesTeam(Path.Combine(_workspace.Root, "team.csv"), subjects, seed: 11);
    }

    [Fact]
    public void Diff_prints_the_same_JSON_as_the_library_and_writes_every_format()
    {
        AfterSales(300);
        var json = _workspace.Run("diff", "old.policy", "new.policy", "--team", "team.csv", "--format", "json", "--top", "3");
        json.ExitCode.ShouldBe(0, json.ToString());
        var report = JObject.Parse(json.Stdout);
        ((int)report["summary"]!["subjects"]!).ShouldBe(300);
        ((JArray)report["subjects"]!).Count.ShouldBe((int)report["summary"]!["changed"]!);
        ((JArray)report["summary"]!["outputs"]![3]!["largest"]!).Count.ShouldBe(3);
        ((string)report["old"]!["label"]!).ShouldBe("old.policy");

        var text = _workspace.Run("diff", "old.policy", "new.policy", "--team", "team.csv", "--lang", "zh");
        text.ExitCode.ShouldBe(0);
        text.Stdout.ShouldContain($"人数 300，有变化 {(int)report["summary"]!["changed"]!}");

        var html = _workspace.Run("diff", "old.policy", "new.policy", "--team", "team.csv", "--format", "html", "--out", "report.html");
        html.ExitCode.ShouldBe(0, html.ToString());
        html.Stderr.ShouldContain("wrote report.html");
        _workspace.Read("report.html").ShouldContain("<html lang=\"zh-CN\">", customMessage: "an HTML report is Chinese unless --lang en");
        _workspace.Run("diff", "old.policy", "new.policy", "--team", "team.csv", "--format", "html", "--out", "en.html", "--lang", "en").ExitCode.ShouldBe(0);
        _workspace.Read("en.html").ShouldContain("<html lang=\"en\">");

        var csv = _workspace.Run("diff", "old.policy", "new.policy", "--team", "team.csv", "--format", "csv");
        csv.ExitCode.ShouldBe(0);
        csv.Stdout.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length
            .ShouldBe(1 + ((JArray)report["subjects"]!).Sum(s => ((JArray)s["changes"]!).Count));
    }

    [Fact]
    public void A_bad_team_file_lists_every_bad_cell_up_to_fifty_and_counts_the_rest()
    {
        _workspace.Write("old.policy", TestTeams.AfterSalesText);
        _workspace.Write("new.policy", TestTeams.AfterSalesChanged);
        var team = new StringBuilder("工号,岗位,素质,退款率,纠纷处理,配合度,执行力\n");
        for (var i = 1; i <= 60; i++) team.Append($"E{i},普通售后客服,好,3%,优,优,优\n");
        _workspace.Write("team.csv", team.ToString());
        var result = _workspace.Run("diff", "old.policy", "new.policy", "--team", "team.csv");
        result.ExitCode.ShouldBe(1);
        var lines = result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines.Length.ShouldBe(51);
        lines[0].ShouldBe("team.csv: row 2, column C (素质): expected one of 优, 良, 中, 差, found \"好\"");
        lines[49].ShouldStartWith("team.csv: row 51, column C (素质)");
        lines[50].ShouldBe("team.csv: … and 10 more");
        result.Stdout.ShouldBeEmpty();
    }

    [Fact]
    public void A_header_the_policy_does_not_know_is_refused_before_anything_is_evaluated()
    {
        _workspace.Write("old.policy", TestTeams.AfterSalesText);
        _workspace.Write("new.policy", TestTeams.AfterSalesChanged);
        _workspace.Write("team.csv", "工号,素质,退款率,岗位,纠纷处理,配合度,执行力,奖金\nE1,优,3%,普通售后客服,优,优,优,100\n");
        var result = _workspace.Run("diff", "old.policy", "new.policy", "--team", "team.csv", "--lang", "zh");
        result.ExitCode.ShouldBe(1);
        result.Stderr.ShouldStartWith("team.csv: 第 1 行，H 列（奖金）：未知的列：奖金 不是策略的输入");
    }

    [Fact]
    public void Wrong_arguments_are_usage_errors()
    {
        AfterSales(3);
        _workspace.Run("diff", "old.policy", "new.policy", "--team", "team.txt").ExitCode.ShouldBe(2);
        _workspace.Run("diff", "old.policy", "missing.policy", "--team", "team.csv").ExitCode.ShouldBe(2);
        _workspace.Run("diff", "old.policy", "new.policy").ExitCode.ShouldBe(2);
        _workspace.Run("diff", "old.policy", "new.policy", "--team", "team.csv", "--money", "考核合格").ExitCode.ShouldBe(2);
        _workspace.Run("diff", "old.policy", "new.policy", "--team", "team.csv", "--period", "2026-Q1").ExitCode.ShouldBe(2);
        _workspace.Run("eval", "old.policy", "--team", "team.csv").ExitCode.ShouldBe(2);
    }

    [Fact]
    public void Eval_group_reads_a_team_file_and_writes_one_row_per_member_as_csv()
    {
        _workspace.Write("p.policy", File.ReadAllText(TestTeams.SatisfactionPath));
        _workspace.Write("team.csv", "工号,完成数量,质量效果,服务态度,及时性,服务效果,管理\nA,10,20,10,10,20,28\nB,6,12,6,6,12,18\nC,10,20,10,10,18,20\n");
        var result = _workspace.Run("eval", "p.policy", "--group", "--team", "team.csv", "--out", "results.csv");
        result.ExitCode.ShouldBe(0, result.ToString());
        result.Stderr.ShouldContain("wrote results.csv: 3 members");
        _workspace.Read("results.csv").ShouldBe("工号,指数,分数等级,分布等级,名次\r\nA,98,优秀,优秀,1\r\nB,60,不达标,达标,3\r\nC,88,达标,达标,2\r\n");
    }

    [Fact]
    public void Eval_group_writes_xlsx_that_reads_back_as_the_same_outputs()
    {
        _workspace.Write("p.policy", TestTeams.AfterSalesText);
        TestTeams.WriteAfterSalesTeam(Path.Combine(_workspace.Root, "team.csv"), 40, seed: 5);
        var json = _workspace.Run("eval", "p.policy", "--group", "--team", "team.csv");
        json.ExitCode.ShouldBe(0, json.ToString());
        var expected = JObject.Parse(json.Stdout);
        _workspace.Run("eval", "p.policy", "--group", "--team", "team.csv", "--out", "results.xlsx").ExitCode.ShouldBe(0);

        var path = Path.Combine(_workspace.Root, "results.xlsx");
        using (var document = SpreadsheetDocument.Open(path, false))
        {
            var cells = document.WorkbookPart!.WorksheetParts.Single().Worksheet.Descendants<Cell>().ToList();
            cells.Single(c => c.CellReference == "E2").DataType?.Value.ShouldBe(CellValues.Number, "pay is a number cell");
        }
        var plan = TestTeams.PlanFile(TestTeams.AfterSalesPath);
        using var results = TeamFile.Open(path, plan.OutputSchema).File!;
        var rows = results.Members().ToList();
        rows.Count.ShouldBe(40);
        foreach (var row in rows)
        {
            var outputs = (JObject)expected[row.Id]!["outputs"]!;
            row.Facts["工资"]!.ToString().ShouldBe(outputs["工资"]!.ToString(), row.Id);
            row.Facts["考核合格"]!.ToString().ShouldBe(outputs["考核合格"]!.ToString(), row.Id);
            row.Read(plan.OutputSchema).Errors.ShouldBeEmpty();
        }
    }

    [Fact]
    public void Eval_group_reports_a_bad_team_file_like_diff()
    {
        _workspace.Write("p.policy", File.ReadAllText(TestTeams.SatisfactionPath));
        _workspace.Write("team.csv", "工号,完成数量,质量效果,服务态度,及时性,服务效果,管理\nA,11,20,10,10,20,28\n");
        var result = _workspace.Run("eval", "p.policy", "--group", "--team", "team.csv");
        result.ExitCode.ShouldBe(1);
        result.Stderr.ShouldStartWith("team.csv: row 2, column B (完成数量): expected a value in 0..10");
    }
}
