using Appraisal.Impact.Teams;
using Appraisal.Policy.Diagnostics;
using Newtonsoft.Json;
using Shouldly;

namespace Appraisal.Impact.Tests;

/// <summary>A workbook (.xlsx) reads like a CSV of the same cells: its first sheet, row by row, cell kinds taken from the file.</summary>
public sealed class XlsxTeamTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("impact-xlsx-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static readonly string?[] Header = ["工号", "素质", "退款率", "底薪", "转正", "入职", "加分[1]", "加分[2]", "投诉[1].处理", "住址"];

    [Fact]
    public void Shared_and_inline_strings_exact_numbers_booleans_and_dates_become_facts()
    {
        var path = Path.Combine(_folder, "团队.xlsx");
        Workbooks.Write(path, [
            (1, Header),
            (2, ["E001", "优", "=p:0.032", "=n:2500.10", "=b:1", "=d:46101", "=n:1.5E-2", "=n:3", "=inline:已处理", "{\"城市\": \"苏州\"}"]),
            // Row 3 is empty in the sheet; row 4 gives a date with a custom 年月日 style and text a spreadsheet kept as text.
            (4, ["=inline:E002", "良", "4.5%", "2000元", "=b:0", "=cd:45292", null, null, null, null]),
        ]);
        var plan = TestTeams.TeamPolicy;
        var opened = TeamFile.Open(path, plan.Inputs);
        opened.Errors.ShouldBeEmpty();
        using var team = opened.File!;
        team.Format.ShouldBe(TeamFormat.Xlsx);
        team.Encoding.ShouldBeNull();
        var members = team.Members().ToList();
        members.Select(m => (m.Row, m.Id)).ShouldBe([(2, "E001"), (4, "E002")]);
        members[0].Facts.ToString(Formatting.None).ShouldBe(
            """{"素质":"优","退款率":"0.032","底薪":"2500.10","转正":true,"入职":"2026-03-20","加分":["0.015","3"],"投诉":[{"处理":"已处理"}],"住址":{"城市":"苏州"}}""");
        members[1].Facts.ToString(Formatting.None).ShouldBe("""{"素质":"良","退款率":"4.5%","底薪":"2000元","转正":false,"入职":"2024-01-01"}""");
        var (facts, errors) = members[0].Read(plan.Inputs);
        errors.ShouldBeEmpty();
        Engine.Evaluation.Evaluator.Evaluate(plan, facts!)["工资"].AsNumber.ShouldBe(
            decimal.Round(2500.10m * 1.032m + 10m * 3.015m - 10m * 5m + 100m, 2), "the money is exact: 2500.10 and 1.5E-2 read as written");
    }

    [Fact]
    public void A_bad_cell_is_reported_at_the_row_and_column_the_sheet_shows()
    {
        var path = Path.Combine(_folder, "坏.xlsx");
        Workbooks.Write(path, [
            (1, Header),
            (7, ["E001", "优", "=n:150", null, "=n:1", "=inline:明天", null, null, "=inline:办理中", null]),
        ]);
        var opened = TeamFile.Open(path, TestTeams.TeamPolicy.Inputs);
        using var team = opened.File!;
        var member = team.Members().Single();
        var errors = member.Read(TestTeams.TeamPolicy.Inputs).Errors.Select(e => e.Format(Language.En)).ToList();
        errors.ShouldBe([
            "row 7, column C (退款率): expected a value in 0%..100%; a bare number is the fraction itself (0.032 is 3.2%): write 1.5 or \"150%\", found \"150\"",
            "row 7, column E (转正): expected true or false, found \"1\"",
            "row 7, column F (入职): expected a date \"YYYY-MM-DD\", found \"明天\"",
            "row 7, column I (投诉[1].处理): expected one of 已处理, 未处理, found \"办理中\"",
        ]);
    }

    [Fact]
    public void Cells_without_references_are_taken_in_order()
    {
        var path = Path.Combine(_folder, "无引用.xlsx");
        Workbooks.Write(path, [(1, ["工号", "素质", "退款率"]), (2, ["E9", "中", "=n:0.1"])], references: false);
        using var team = TeamFile.Open(path, TestTeams.TeamPolicy.Inputs).File!;
        team.Members().Single().Facts.ToString(Formatting.None).ShouldBe("""{"素质":"中","退款率":"0.1"}""");
    }

    [Fact]
    public void A_file_that_is_not_a_workbook_is_an_error_not_an_exception()
    {
        var path = Path.Combine(_folder, "假.xlsx");
        File.WriteAllText(path, "工号,素质\nE1,优\n");
        var opened = TeamFile.Open(path, TestTeams.TeamPolicy.Inputs);
        opened.IsValid.ShouldBeFalse();
        opened.Errors.Single().Format(Language.En).ShouldStartWith("not a readable .xlsx workbook");
    }
}
