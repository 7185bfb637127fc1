using System.Text;
using System.Text.RegularExpressions;
using Appraisal.Policy.Diagnostics;
using Appraisal.Policy.Semantics;
using Appraisal.Policy.Text;

namespace Appraisal.Policy.Tests.Golden;

/// <summary>
/// Golden files for diagnostics. Every <c>Cases/diagnostics/CODE-short-name.policy</c> is checked with
/// <see cref="Checker.Check"/>; its printed text output (carets, hints, summary; the file shown as its bare name) must
/// equal <c>CODE-short-name.out.txt</c> exactly, and, where it exists, the Chinese output must equal
/// <c>CODE-short-name.zh.out.txt</c>. On a mismatch the actual output is written to <c>*.received.txt</c> beside the
/// case (gitignored): review it and rename it to <c>*.out.txt</c> to accept it.
/// </summary>
public class GoldenDiagnosticsTests
{
    public static string CasesDirectory => Path.Combine(RepositoryPaths.Root, "tests", "Appraisal.Policy.Tests", "Cases", "diagnostics");

    private static readonly Regex CaseName = new(@"^(PL\d{4})-[a-z0-9]+(-[a-z0-9]+)*\.policy$", RegexOptions.CultureInvariant);

    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.EnumerateFiles(CasesDirectory, "*.policy").Select(Path.GetFileName).Order(StringComparer.Ordinal))
            data.Add(file!);
        return data;
    }

    public static TheoryData<string> ChineseCases()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.EnumerateFiles(CasesDirectory, "*.zh.out.txt").Select(Path.GetFileName).Order(StringComparer.Ordinal))
            data.Add(file![..^".zh.out.txt".Length] + ".policy");
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void English_output_matches_the_golden_file(string caseFile) => Verify(caseFile, Language.En, ".out.txt");

    [Theory]
    [MemberData(nameof(ChineseCases))]
    public void Chinese_output_matches_the_golden_file(string caseFile) => Verify(caseFile, Language.Zh, ".zh.out.txt");

    [Theory]
    [MemberData(nameof(Cases))]
    public void Case_is_named_after_a_code_it_reports(string caseFile)
    {
        var match = CaseName.Match(caseFile);
        Assert.True(match.Success, $"case file '{caseFile}' should be named CODE-short-name.policy, e.g. PL0001-unexpected-token.policy");
        var code = match.Groups[1].Value;
        Assert.Contains(DiagnosticCodes.All, d => d.Code == code);
        var reported = Check(caseFile).Select(d => d.Code).Distinct().ToList();
        Assert.True(reported.Contains(code), $"{caseFile} should report {code}; it reports: {(reported.Count == 0 ? "nothing" : string.Join(", ", reported))}");
    }

    [Fact]
    public void Every_diagnostic_code_has_a_case()
    {
        var names = Directory.EnumerateFiles(CasesDirectory, "*.policy").Select(Path.GetFileName).ToList();
        var missing = DiagnosticCodes.All.Select(d => d.Code)
            .Where(code => !names.Any(n => n!.StartsWith(code + "-", StringComparison.Ordinal)))
            .ToList();
        Assert.True(missing.Count == 0,
            $"{missing.Count} diagnostic code(s) have no case in Cases/diagnostics: {string.Join(", ", missing)}");
    }

    private static IEnumerable<Diagnostic> Check(string caseFile)
    {
        var text = File.ReadAllText(Path.Combine(CasesDirectory, caseFile));
        return Checker.Check(new SourceText(caseFile, text), new IncludeReader(CasesDirectory)).Diagnostics;
    }

    private static void Verify(string caseFile, Language language, string expectedSuffix) =>
        GoldenFile.Verify(Path.Combine(CasesDirectory, caseFile[..^".policy".Length]) + expectedSuffix, DiagnosticPrinter.ToText(Check(caseFile), language));
}
