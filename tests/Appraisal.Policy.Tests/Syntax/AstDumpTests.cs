using Appraisal.Policy.Syntax;
using Appraisal.Policy.Text;

namespace Appraisal.Policy.Tests.Syntax;

public class AstDumpTests
{
    private static string Dump(string text)
    {
        var result = Parser.Parse(new SourceText("test.policy", text));
        Assert.Empty(result.Diagnostics);
        return AstDump.Dump(result.File);
    }

    [Fact]
    public void Layout_comments_and_parentheses_do_not_show()
    {
        var plain = Dump("policy t\nlet a = 1 + 2 * 3");
        var noisy = Dump("// c\npolicy   t\n\n  let a =\n (1) + /* c */ (2 * 3) // c");
        Assert.Equal(plain, noisy);
        Assert.DoesNotContain("Span", plain, StringComparison.Ordinal);
        Assert.DoesNotContain("//", noisy, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("let a = 20 pts", "let a = 20分")]
    [InlineData("let a = 0.30", "let a = 0.3")]
    [InlineData("let a = 1 + 2 * 3", "let a = (1 + 2) * 3")]
    [InlineData("let a = 12h", "let a = 12小时")]
    [InlineData("table t(x: number) -> points { 1 => 2 }", "table t(x: number) -> points unique { 1 => 2 }")]
    [InlineData("table t(x: number) -> points first { 1..2 => 2 }", "table t(x: number) -> points first { 1..<2 => 2 }")]
    [InlineData("rank r by x", "rank r by x desc")]
    [InlineData("gate g all { a }", "gate g any { a }")]
    [InlineData("test \"t\" { given { a: 1 } }", "test \"t\" { given \"张三\" { a: 1 } }")]
    public void Differences_in_meaning_or_in_what_was_written_show(string first, string second)
    {
        Assert.NotEqual(Dump("policy t\n" + first), Dump("policy t\n" + second));
    }

    [Fact]
    public void Nodes_print_their_kind_and_fields()
    {
        var dump = Dump("policy t\n  version 2026.1\ntable 退款率分(r: percent) -> points first { <= 5% => 30 pts }");
        Assert.Contains(":Version \"2026.1\"", dump, StringComparison.Ordinal);
        Assert.Contains("(TableDecl", dump, StringComparison.Ordinal);
        Assert.Contains(":HitPolicy First", dump, StringComparison.Ordinal);
        Assert.Contains("(CompareTest :Op Le :Value (PercentLiteral :Value 5 :Text \"5%\"))", dump, StringComparison.Ordinal);
        Assert.Contains("(NumberLiteral :Value 30 :Unit Points :Text \"pts\")", dump, StringComparison.Ordinal);
    }

    [Fact]
    public void A_per_mille_literal_is_a_percent_a_tenth_as_large()
    {
        var dump = Dump("policy t\ntable 差错率分(r: percent) -> points first { <= 3‰ => 30 pts  <= 1.5‰ => 20 pts }");
        Assert.Contains("(PercentLiteral :Value 0.3 :Text \"3‰\")", dump, StringComparison.Ordinal);
        Assert.Contains("(PercentLiteral :Value 0.15 :Text \"1.5‰\")", dump, StringComparison.Ordinal);
    }
}
