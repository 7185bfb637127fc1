using Appraisal.Policy.Formatting;

namespace Appraisal.Policy.Tests.Formatting;

/// <summary>
/// Before/after cases: every <c>Cases/format/NAME.policy</c> formats to exactly <c>NAME.formatted.policy</c>, named after
/// what it shows; each also checks the round trip (same AST, idempotent, comments kept). Adding a case is adding the two
/// files. The focused cases below (expressions, widths) are tables of inline data.
/// </summary>
public class FormatterTests
{
    public static string CasesDirectory { get; } = Path.Combine(RepositoryPaths.Root, "tests", "Appraisal.Policy.Tests", "Cases", "format");

    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.EnumerateFiles(CasesDirectory, "*.policy").Where(f => !f.EndsWith(".formatted.policy", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
            data.Add(Path.GetFileNameWithoutExtension(file));
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Formats_to_the_formatted_file(string name)
    {
        var before = File.ReadAllText(Path.Combine(CasesDirectory, name + ".policy"));
        var after = Path.Combine(CasesDirectory, name + ".formatted.policy");
        Assert.True(File.Exists(after), $"{name}.policy has no {name}.formatted.policy beside it");
        Assert.Equal(File.ReadAllText(after).ReplaceLineEndings("\n"), FormatAssert.RoundTrips(before.ReplaceLineEndings("\n")));
    }

    // -----------------------------------------------------------------------------------------
    // Layout and alignment

    // -----------------------------------------------------------------------------------------
    // Expressions

    [Theory]
    [InlineData("(a + b) * c", "(a + b) * c")]
    [InlineData("a + (b * c)", "a + b * c")]
    [InlineData("(a - b) - c", "a - b - c")]
    [InlineData("a - (b - c)", "a - (b - c)")]
    [InlineData("a / (b * c)", "a / (b * c)")]
    [InlineData("(5 each 迟到) - (10 each 旷工)", "5 each 迟到 - 10 each 旷工")]
    [InlineData("5 each (迟到 - 1)", "5 each (迟到 - 1)")]
    [InlineData("(70% of 满分) * 2", "(70% of 满分) * 2")]
    [InlineData("-(a + b)", "-(a + b)")]
    [InlineData("(-a) * b", "-a * b")]
    [InlineData("(-a).b", "(-a).b")]
    [InlineData("-(a.b)", "-a.b")]
    [InlineData("(a + b).c", "(a + b).c")]
    [InlineData("not (a and b)", "not (a and b)")]
    [InlineData("(not a) and b", "not a and b")]
    [InlineData("not (a < b)", "not a < b")]
    [InlineData("(not a) < b", "(not a) < b")]
    [InlineData("a or (b and c)", "a or b and c")]
    [InlineData("(a or b) and c", "(a or b) and c")]
    [InlineData("(a < b) == c", "a < b == c")]
    [InlineData("a == (b < c)", "a == (b < c)")]
    [InlineData("(x in 1..5) and (y in (a + 1)..(b))", "x in 1..5 and y in (a + 1)..b")]
    [InlineData("(if a then 1 else 2) + 3", "(if a then 1 else 2) + 3")]
    [InlineData("if a then (if b then 1 else 2) else (if c then 3 else 4)", "if a then if b then 1 else 2 else if c then 3 else 4")]
    [InlineData("sum(c in 投诉 where (c.有效) : (c.分数 * 2))", "sum(c in 投诉 where c.有效 : c.分数 * 2)")]
    [InlineData("max( a,b )+count(x in xs)", "max(a, b) + count(x in xs)")]
    [InlineData("[1,2,3,]", "[1, 2, 3]")]
    [InlineData("{a:1;b:\"x\"}", "{ a: 1, b: \"x\" }")]
    [InlineData("a×b÷c≥d", "a * b / c >= d")]
    public void Parentheses_are_kept_only_where_precedence_needs_them(string before, string after)
    {
        FormatAssert.Formats("policy t\nlet v = " + before, "policy t\n\nlet v = " + after);
    }

    [Theory]
    [InlineData("20分", "20分")]
    [InlineData("20 分", "20分")]
    [InlineData("20 pts", "20 pts")]
    [InlineData("20pts", "20 pts")]
    [InlineData("1000 yuan", "1000 yuan")]
    [InlineData("1000元", "1000元")]
    [InlineData("¥1000.50", "¥1000.50")]
    [InlineData("￥3", "￥3")]
    [InlineData("0.30", "0.30")]
    [InlineData("0.3", "0.3")]
    [InlineData("5.0%", "5.0%")]
    [InlineData("1.5h", "1.5h")]
    [InlineData("12小时", "12小时")]
    [InlineData("3天", "3天")]
    [InlineData("30分钟", "30分钟")]
    [InlineData("2026-01-01", "2026-01-01")]
    [InlineData("2026-Q1", "2026-Q1")]
    [InlineData("2026-H2", "2026-H2")]
    [InlineData("2026-03", "2026-03")]
    [InlineData("true", "true")]
    [InlineData("\"他说：\\\"好\\\" \\\\ 行\\n\"", "\"他说：\\\"好\\\" \\\\ 行\\n\"")]
    [InlineData("\"\\x\"", "\"x\"")]
    public void Literals_are_printed_as_written(string before, string after)
    {
        FormatAssert.Formats("policy t\nlet v = " + before, "policy t\n\nlet v = " + after);
    }

    // -----------------------------------------------------------------------------------------
    // Every kind of declaration

    // -----------------------------------------------------------------------------------------
    // Comments

    [Fact]
    public void Comments_at_the_end_of_the_file_and_in_a_file_without_declarations()
    {
        FormatAssert.Formats("""
            policy t
            let a = 1
            // 结束
            """, """
            policy t

            let a = 1

            // 结束
            """);
        FormatAssert.Formats("// 只有注释\n", "// 只有注释");
    }

    [Fact]
    public void Canonical_text_formats_to_itself()
    {
        const string canonical = """
            // 说明
            policy 售后
              version 2026.1
              period month

            source "制度"
            table 等级分(g: 等级) -> points {
              优   => 20
              良好 => 15
            }
            """;
        FormatAssert.Formats(canonical, canonical);
    }
}

public class RepositoryPoliciesAreFormatted
{
    public static TheoryData<string> Policies()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.EnumerateFiles(RepositoryPaths.Policies, "*.policy", SearchOption.AllDirectories).Order()) data.Add(file);
        return data;
    }

    [Theory]
    [MemberData(nameof(Policies))]
    public void Every_policy_in_the_repository_is_in_canonical_layout(string path)
    {
        var text = File.ReadAllText(path);
        var parsed = Appraisal.Policy.Syntax.Parser.Parse(new Appraisal.Policy.Text.SourceText(path, text));
        Assert.Equal(Appraisal.Policy.Formatting.Formatter.Format(parsed.File), text);
    }
}
