using Appraisal.Policy.Semantics;
using Appraisal.Policy.Text;

namespace Appraisal.Policy.Tests.Semantics;

/// <summary>Each case file under Cases/diagnostics is named after the code it shows; that code must be reported.
/// (The exact printed text is asserted by the golden-file tests.)</summary>
public class DiagnosticCaseTests
{
    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        var folder = Path.Combine(RepositoryPaths.Root, "tests", "Appraisal.Policy.Tests", "Cases", "diagnostics");
        foreach (var file in Directory.EnumerateFiles(folder, "*.policy").Order()) data.Add(Path.GetFileName(file));
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Each_case_reports_the_code_it_is_named_after(string name)
    {
        var path = Path.Combine(RepositoryPaths.Root, "tests", "Appraisal.Policy.Tests", "Cases", "diagnostics", name);
        var result = Checker.Check(SourceText.FromFile(path));
        var code = name[..6];
        Assert.True(result.Diagnostics.Any(d => d.Code == code),
            $"{name}: expected {code}, got:\n" + string.Join("\n", result.Diagnostics.Select(d => $"{d.Span}: {d.Code} {d.Message()}")));
    }
}
