using Appraisal.Policy.Formatting;
using Appraisal.Policy.Syntax;
using Appraisal.Policy.Text;

namespace Appraisal.Policy.Tests.Formatting;

/// <summary>Every policy in the repository and every test case that parses survives formatting unchanged in meaning.</summary>
public class FormatterRoundTripTests
{
    private static string CasesFolder => Path.Combine(RepositoryPaths.Root, "tests", "Appraisal.Policy.Tests", "Cases");

    public static TheoryData<string> Files()
    {
        var data = new TheoryData<string>();
        foreach (var file in PolicyFiles().Where(ParsesWithoutErrors)) data.Add(Path.GetRelativePath(RepositoryPaths.Root, file));
        return data;
    }

    private static IEnumerable<string> PolicyFiles()
    {
        var policies = Directory.EnumerateFiles(RepositoryPaths.Policies, "*.policy", SearchOption.AllDirectories);
        var cases = Directory.Exists(CasesFolder)
            ? Directory.EnumerateFiles(CasesFolder, "*.policy", SearchOption.AllDirectories)
            : Enumerable.Empty<string>();
        var samples = Directory.EnumerateFiles(Path.Combine(RepositoryPaths.Root, "tests", "Appraisal.Policy.Tests", "Formatting", "Samples"), "*.policy");
        return policies.Concat(cases).Concat(samples).Order(StringComparer.Ordinal);
    }

    private static bool ParsesWithoutErrors(string path) => Parser.Parse(SourceText.FromFile(path)).Diagnostics.IsEmpty;

    [Theory]
    [MemberData(nameof(Files))]
    public void Formatting_keeps_the_meaning_and_every_comment_and_is_idempotent(string relativePath)
    {
        var text = File.ReadAllText(Path.Combine(RepositoryPaths.Root, relativePath));
        FormatAssert.RoundTrips(text, relativePath);
    }

    [Fact]
    public void The_repository_has_policies_to_check() =>
        Assert.Contains(((IEnumerable<object[]>)Files()).Select(row => (string)row[0]), p => p.StartsWith("policies", StringComparison.Ordinal));

    [Fact]
    public void Formatting_the_after_sales_policy_keeps_its_comments_where_they_were()
    {
        var path = Directory.EnumerateFiles(RepositoryPaths.Policies, "售后客服考核.policy", SearchOption.AllDirectories).Single();
        var formatted = Formatter.Format(Parser.Parse(SourceText.FromFile(path)).File);
        var lines = formatted.Split('\n');
        Assert.StartsWith("// 淘宝店铺售后客服", lines[0], StringComparison.Ordinal);
        Assert.Equal("policy 售后客服考核", lines[2]);
        var cutOff = Array.FindIndex(lines, l => l.StartsWith("// The source is cut off", StringComparison.Ordinal));
        Assert.StartsWith("source \"考核标准 第 2 项", lines[cutOff + 1], StringComparison.Ordinal);
        Assert.StartsWith("table 退款率分", lines[cutOff + 2], StringComparison.Ordinal);
    }
}
