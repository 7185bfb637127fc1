using Appraisal.Policy.Syntax;
using Appraisal.Policy.Text;

namespace Appraisal.Policy.Tests.Syntax;

public class ParserTests
{
    private static ParseResult Parse(string text) => Parser.Parse(new SourceText("test.policy", text));

    [Fact]
    public void Band_table_rows_need_no_separator()
    {
        var result = Parse("""
            policy t
            table 退款率分(r: percent) -> points first {
              <= 5%  => 30
              <= 8%  => 20
              5%..<9% => 5
              else   => 0
            }
            """);
        Assert.Empty(result.Diagnostics);
        var table = Assert.IsType<TableDecl>(Assert.Single(result.File.Declarations));
        Assert.Equal(4, table.Rows.Length);
        Assert.Equal(HitPolicy.First, table.HitPolicy);
        var range = Assert.IsType<RangeTest>(Assert.IsType<TestCell>(table.Rows[2].Cells[0]).Tests[0]);
        Assert.True(range.HighOpen);
        Assert.True(table.Rows[3].IsElse);
    }

    [Fact]
    public void Multi_column_rows_with_dont_care_cells()
    {
        var result = Parse("""
            policy t
            table 时限(类型: 故障, 距离: number) -> duration {
              车身 | <= 100 => 24h
              车身 | > 100  => 12h
              底盘 | -      => 12小时
            }
            """);
        Assert.Empty(result.Diagnostics);
        var table = Assert.IsType<TableDecl>(Assert.Single(result.File.Declarations));
        Assert.IsType<AnyCell>(table.Rows[2].Cells[1]);
        var duration = Assert.IsType<DurationLiteral>(table.Rows[2].Result);
        Assert.Equal(DurationUnit.Hours, duration.Unit);
    }

    [Fact]
    public void Each_binds_tighter_than_subtraction()
    {
        var result = Parse("""
            policy t
            let 出勤: points = 20 - 5 each 迟到 - 10 each 旷工
            """);
        Assert.Empty(result.Diagnostics);
        var let = Assert.IsType<LetDecl>(Assert.Single(result.File.Declarations));
        var outer = Assert.IsType<BinaryExpr>(let.Value);
        Assert.Equal(BinaryOp.Subtract, outer.Op);
        Assert.Equal(BinaryOp.Each, Assert.IsType<BinaryExpr>(outer.Right).Op);
    }

    [Fact]
    public void Literals_keep_their_units()
    {
        var result = Parse("""
            policy t
            let a = 1000 yuan
            let b = ¥2000
            let c = 20分
            let d = 30分钟
            let e = 2026-Q1
            """);
        Assert.Empty(result.Diagnostics);
        var values = result.File.Declarations.Cast<LetDecl>().Select(l => l.Value).ToArray();
        Assert.Equal(LiteralUnit.Money, Assert.IsType<NumberLiteral>(values[0]).Unit);
        Assert.Equal(2000m, Assert.IsType<NumberLiteral>(values[1]).Value);
        Assert.Equal(LiteralUnit.Points, Assert.IsType<NumberLiteral>(values[2]).Unit);
        Assert.Equal(DurationUnit.Minutes, Assert.IsType<DurationLiteral>(values[3]).Unit);
        Assert.Equal(PeriodKind.Quarter, Assert.IsType<PeriodLiteral>(values[4]).Kind);
    }

    [Fact]
    public void Unit_words_are_names_when_not_attached_to_a_number()
    {
        var result = Parse("""
            policy t
            let 分 = 20分 + 5 pts
            let 元 = 3元
            """);
        Assert.Empty(result.Diagnostics);
        var lets = result.File.Declarations.Cast<LetDecl>().ToArray();
        Assert.Equal("分", lets[0].Name.Text);
        var sum = Assert.IsType<BinaryExpr>(lets[0].Value);
        Assert.Equal("分", Assert.IsType<NumberLiteral>(sum.Left).Text);
        Assert.Equal("pts", Assert.IsType<NumberLiteral>(sum.Right).Text);
        Assert.Equal(LiteralUnit.Money, Assert.IsType<NumberLiteral>(lets[1].Value).Unit);
    }

    [Fact]
    public void Chinese_input_method_punctuation_and_spacing_are_accepted()
    {
        var result = Parse("""
            policy t
            enum 等级 { 优 良 中 差 }
            table 分值（g：等级） -> points { 优，良 => 20  中 => 10  差 => 0 }
            let 时限 = 3 天
            let 季度 = 2026-q2
            let 说明 = “按季度考核”
            let 下取整 = floor(2.5)
            """);
        Assert.Empty(result.Diagnostics);
        var declarations = result.File.Declarations;
        Assert.Equal(4, Assert.IsType<EnumDecl>(declarations[0]).Members.Length);
        Assert.Equal(3, Assert.IsType<TableDecl>(declarations[1]).Rows.Length);
        Assert.Equal(DurationUnit.Days, Assert.IsType<DurationLiteral>(Assert.IsType<LetDecl>(declarations[2]).Value).Unit);
        Assert.Equal(PeriodKind.Quarter, Assert.IsType<PeriodLiteral>(Assert.IsType<LetDecl>(declarations[3]).Value).Kind);
        Assert.Equal("按季度考核", Assert.IsType<StringLiteral>(Assert.IsType<LetDecl>(declarations[4]).Value).Value);
        Assert.Equal("floor", Assert.IsType<CallExpr>(Assert.IsType<LetDecl>(declarations[5]).Value).Callee.Text);
    }

    [Fact]
    public void Several_mistakes_are_all_reported()
    {
        var result = Parse("""
            policy t
            let a = 1 +
            let b = (2
            let c = 3 ]
            input { x: }
            output y: points = 1 ,, 2
            """);
        Assert.Equal(5, result.Diagnostics.Length);
        Assert.All(result.Diagnostics, d => Assert.Contains(d.Code, new[] { "PL0001", "PL0009" }));
        Assert.Equal(new[] { 2, 3, 4, 5, 6 }, result.Diagnostics.Select(d => d.Span.StartPosition.Line));
    }
}

public class PolicyFilesParse
{
    public static TheoryData<string> Files()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.EnumerateFiles(RepositoryPaths.Policies, "*.policy", SearchOption.AllDirectories).Order()) data.Add(file);
        return data;
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Every_policy_in_the_repository_parses_without_errors(string path)
    {
        var result = Parser.Parse(SourceText.FromFile(path));
        Assert.Empty(result.Diagnostics);
    }
}
