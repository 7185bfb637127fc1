using Appraisal.Policy.Semantics;
using Appraisal.Policy.Text;

namespace Appraisal.Policy.Tests.Semantics;

public class CheckerTests
{
    private static string[] Codes(string text) =>
        Checker.Check(new SourceText("test.policy", "policy t\n" + text)).Diagnostics.Select(d => d.Code).ToArray();

    private static string Messages(string text) => string.Join("\n",
        Checker.Check(new SourceText("test.policy", "policy t\n" + text)).Diagnostics.Select(d => $"{d.Span.StartPosition.Line}: {d.Code} {d.Message()}"));

    public static TheoryData<string> Policies()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.EnumerateFiles(RepositoryPaths.Policies, "*.policy", SearchOption.AllDirectories).Order()) data.Add(file);
        return data;
    }

    [Theory]
    [MemberData(nameof(Policies))]
    public void Every_policy_in_the_repository_checks_clean(string path)
    {
        var result = Checker.Check(SourceText.FromFile(path));
        Assert.True(result.Diagnostics.IsEmpty, string.Join("\n", result.Diagnostics.Select(d => $"{d.Span}: {d.Code} {d.Message()}")));
    }

    [Fact]
    public void Points_plus_money_is_a_unit_error()
    {
        Assert.Equal(new[] { "PL0202" }, Codes("""
            input { a: points  b: money }
            output c: points = a + b
            """));
    }

    [Fact]
    public void Money_times_points_over_points_is_money()
    {
        Assert.Empty(Codes("""
            input { s: points }
            output pay: money round 0.01 = 1000 yuan * s / 130 pts
            """));
    }

    [Fact]
    public void Dividing_by_a_bare_number_keeps_the_points()
    {
        Assert.Equal("3: PL0201 expected money, found money·points", Messages("""
            input { s: points }
            output pay: money round 0.01 = 1000 yuan * s / 130
            """));
    }

    [Fact]
    public void An_input_may_share_its_enum_type_name()
    {
        Assert.Empty(Codes("""
            enum 岗位 { 普通, 组长 }
            input { 岗位: 岗位 }
            output 是组长: bool = 岗位 == 岗位.组长
            """));
    }

    [Fact]
    public void Undefined_names_and_types_are_reported_where_they_are_used()
    {
        Assert.Equal("3: PL0103 unknown type 'pointz'\n3: PL0101 'y' is not defined", Messages("""
            input { x: points }
            output z: pointz = y + x
            """));
    }

    [Fact]
    public void A_condition_must_be_boolean()
    {
        Assert.Equal(new[] { "PL0204" }, Codes("""
            input { x: points }
            gate g: x + 1
            output o: bool = g
            """));
    }
}

public class TableCheckTests
{
    private static string Messages(string text) => string.Join("\n",
        Checker.Check(new SourceText("test.policy", "policy t\n" + text + "\noutput o: points = 0")).Diagnostics
            .Where(d => d.Code.StartsWith("PL04", StringComparison.Ordinal))
            .Select(d => $"{d.Span.StartPosition.Line}: {d.Code} {d.Message()}"));

    [Fact]
    public void A_grade_map_must_cover_every_grade()
    {
        Assert.Equal("3: PL0401 table '等级分' has no row for 中, 差", Messages("""
            enum 等级 { 优, 良, 中, 差 }
            table 等级分(g: 等级) -> points { 优 => 20  良 => 15 }
            """));
    }

    [Fact]
    public void Gaps_between_bands_are_found()
    {
        Assert.Equal("2: PL0402 table '档' has no row for 89 < s < 90", Messages("""
            table 档(s: points in 0..100) -> text {
              90..100 => "优秀"
              70..89  => "达标"
              0..<70  => "不达标"
            }
            """));
    }

    [Fact]
    public void Overlapping_rows_of_a_unique_table_are_errors()
    {
        Assert.Equal("4: PL0403 rows 1 and 2 of unique table '档' both match s = 80", Messages("""
            table 档(s: points) -> text {
              >= 80 => "好"
              <= 80 => "差"
            }
            """));
    }

    [Fact]
    public void A_row_hidden_by_earlier_rows_is_unreachable()
    {
        Assert.Equal("4: PL0404 row 2 of table '退款率分' can never match: earlier rows cover it", Messages("""
            table 退款率分(r: percent) -> points first {
              <= 8%  => 20
              <= 5%  => 30
              else   => 0
            }
            """));
    }

    [Fact]
    public void Counts_are_whole_numbers_so_adjacent_bands_leave_no_gap()
    {
        Assert.Equal("", Messages("""
            table 扣分(n: count) -> points {
              0     => 0
              1..2  => 5
              >= 3  => 10
            }
            """));
    }

    [Fact]
    public void Multi_column_tables_are_checked_per_combination()
    {
        Assert.Equal("3: PL0402 table '时限' has no row for 类型 = 底盘, 距离 < 0", Messages("""
            enum 故障 { 车身, 底盘 }
            table 时限(类型: 故障, 距离: number) -> duration {
              车身 | <= 100 => 24h
              车身 | > 100  => 12h
              底盘 | >= 0   => 12h
            }
            """));
    }
}
