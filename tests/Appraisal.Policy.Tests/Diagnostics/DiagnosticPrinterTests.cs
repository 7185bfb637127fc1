using System.Collections.Immutable;
using Appraisal.Policy.Diagnostics;
using Appraisal.Policy.Text;
using Newtonsoft.Json.Linq;

namespace Appraisal.Policy.Tests.Diagnostics;

public class DiagnosticPrinterTests
{
    [Theory]
    [InlineData("let a = 1", 5, 6, "    ^")]
    [InlineData("let a = 1", 5, 5, "    ^")]              // empty span: one caret
    [InlineData("let abc = 1", 5, 8, "    ^~~")]
    [InlineData("岗位：岗位", 3, 4, "    ^~")]              // two wide characters before, a wide character marked
    [InlineData("\t迟到 = x", 7, 8, "\t       ^")]           // tabs stay tabs, wide characters become two spaces
    [InlineData("a = 1", 6, 6, "     ^")]                 // just past the end of the line
    [InlineData("a = 1", 3, 99, "  ^~~")]                 // a span running past the line end stops there
    [InlineData("x = 𠀀y", 7, 8, "      ^")]             // a supplementary-plane ideograph (two UTF-16 units, two columns)
    public void Caret_line_sits_under_the_span(string line, int start, int end, string expected) =>
        Assert.Equal(expected, DiagnosticPrinter.CaretLine(line, start, end));

    [Theory]
    [InlineData('a', 1)]
    [InlineData('考', 2)]
    [InlineData('：', 2)]
    [InlineData('￥', 2)]
    [InlineData('≤', 1)]
    [InlineData('\u3000', 2)]
    public void Terminal_width(char c, int width) => Assert.Equal(width, DiagnosticPrinter.TerminalWidth(c));

    private static Diagnostic Sample(out SourceText source)
    {
        source = new SourceText("dir/a.policy", "policy t\nlet 奖金 = 1 +\n");
        var bag = new DiagnosticBag();
        bag.Report(DiagnosticCodes.UnexpectedToken, new TextSpan(source, 20, 21), "'+'", new Bilingual("a name", "名称"));
        return bag.ToImmutable().Single();
    }

    [Fact]
    public void Text_has_location_source_caret_and_hint()
    {
        var diagnostic = Sample(out _);
        Assert.Equal(
            "dir/a.policy(2,12): error PL0001: unexpected '+'\nlet 奖金 = 1 +\n             ^\n  hint: expected a name\n1 error(s), 0 warning(s)\n",
            DiagnosticPrinter.ToText([diagnostic]));
        Assert.Equal(
            "dir/a.policy(2,12): 错误 PL0001: 此处不应出现 '+'\nlet 奖金 = 1 +\n             ^\n  提示：应为 名称\n1 个错误，0 个警告\n",
            DiagnosticPrinter.ToText([diagnostic], Language.Zh));
    }

    [Fact]
    public void Summary_counts_errors_and_warnings()
    {
        Assert.Equal("2 error(s), 1 warning(s)", DiagnosticPrinter.Summary(2, 1));
        Assert.Equal("2 个错误，1 个警告", DiagnosticPrinter.Summary(2, 1, Language.Zh));
    }

    [Fact]
    public void Json_has_one_object_per_diagnostic()
    {
        var diagnostic = Sample(out var source);
        var warning = new Diagnostic(DiagnosticCodes.UnusedInput, new TextSpan(source, 0, 6), ImmutableArray.Create("迟到"));
        var array = JArray.Parse(DiagnosticPrinter.ToJson([diagnostic, warning]));
        Assert.Equal(2, array.Count);
        var first = (JObject)array[0];
        Assert.Equal("dir/a.policy", (string?)first["file"]);
        Assert.Equal(2, (int?)first["line"]);
        Assert.Equal(12, (int?)first["column"]);
        Assert.Equal(2, (int?)first["endLine"]);
        Assert.Equal(13, (int?)first["endColumn"]);
        Assert.Equal("error", (string?)first["severity"]);
        Assert.Equal("PL0001", (string?)first["code"]);
        Assert.Equal("unexpected '+'", (string?)first["message"]);
        Assert.Equal("expected a name", (string?)first["hint"]);
        Assert.Equal("warning", (string?)array[1]["severity"]);
        Assert.Equal(JTokenType.Null, array[1]["hint"]!.Type);
    }
}
