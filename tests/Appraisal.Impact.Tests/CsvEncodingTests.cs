using System.Text;
using Appraisal.Impact.Teams;
using Appraisal.Policy.Diagnostics;
using Newtonsoft.Json;
using Shouldly;

namespace Appraisal.Impact.Tests;

/// <summary>A CSV is UTF-8 (with or without a byte order mark) or, when its bytes are not, GB18030 — what Excel in China saves.</summary>
public sealed class CsvEncodingTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("impact-csv-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void A_GB18030_file_is_read_as_GB18030_and_says_so()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var path = Path.Combine(_folder, "团队.csv");
        File.WriteAllBytes(path, Encoding.GetEncoding("GB18030").GetBytes("工号,素质,退款率,投诉[1].处理\r\nE001,良,3%,未处理\r\n"));
        using var team = TeamFile.Open(path, TestTeams.TeamPolicy.Inputs).File!;
        team.Encoding.ShouldBe("GB18030");
        team.Members().Single().Facts.ToString(Formatting.None).ShouldBe("""{"素质":"良","退款率":"3%","投诉":[{"处理":"未处理"}]}""");
    }

    [Fact]
    public void A_UTF8_file_is_not_mistaken_for_GB18030()
    {
        var path = Path.Combine(_folder, "团队.csv");
        File.WriteAllText(path, "工号,素质,退款率\nE001,优,3%\n", new UTF8Encoding(false));
        using var team = TeamFile.Open(path, TestTeams.TeamPolicy.Inputs).File!;
        team.Encoding.ShouldBe("UTF-8");
        team.Members().Single().Facts["素质"]!.ToString().ShouldBe("优");
    }

    [Fact]
    public void Bytes_that_are_neither_are_rejected_with_what_to_do()
    {
        var path = Path.Combine(_folder, "坏.csv");
        File.WriteAllBytes(path, [.. Encoding.UTF8.GetBytes("工号,素质\n"), 0x80, 0xFF, 0x0A]);
        var opened = TeamFile.Open(path, TestTeams.TeamPolicy.Inputs);
        opened.IsValid.ShouldBeFalse();
        opened.Errors.Single().Format(Language.En).ShouldBe("the file is neither UTF-8 nor GB18030 text: save it as \"CSV UTF-8\" (or as .xlsx)");
        opened.Errors.Single().Format(Language.Zh).ShouldBe("文件既不是 UTF-8 也不是 GB18030 文本：请另存为“CSV UTF-8”（或 .xlsx）");
    }

    [Fact]
    public void A_file_that_is_neither_csv_nor_xlsx_by_name_is_refused()
    {
        var opened = TeamFile.Open(Path.Combine(_folder, "团队.xls"), TestTeams.TeamPolicy.Inputs);
        opened.Errors.Single().Format(Language.En).ShouldBe("团队.xls: a team file is .csv or .xlsx");
    }
}
