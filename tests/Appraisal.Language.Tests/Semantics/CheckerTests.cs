using Appraisal.Policy.Semantics;
using Appraisal.Policy.Text;

namespace Appraisal.Policy.Tests.Semantics;

public class CheckerTests
{
    private static string[] Codes(string text) =>
        Compiler.Check(new SourceText("test.policy", "policy t\n" + text)).Diagnostics.Select(d => d.Code).ToArray();

    private static string Messages(string text) => string.Join("\n",
        Compiler.Check(new SourceText("test.policy", "policy t\n" + text)).Diagnostics.Select(d => $"{d.Span.StartPosition.Line}: {d.Code} {d.Message()}"));

    public static TheoryData<string> Policies()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.EnumerateFiles(TestPaths.Policies, "*.policy", SearchOption.AllDirectories).Order()) data.Add(file);
        return data;
    }

    [Theory]
    [MemberData(nameof(Policies))]
    public void Every_policy_in_the_repository_checks_clean(string path)
    {
        var result = Compiler.Check(SourceText.FromFile(path));
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
