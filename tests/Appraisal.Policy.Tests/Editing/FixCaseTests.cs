using System.Text;
using Appraisal.Policy.Diagnostics;
using Appraisal.Policy.Semantics;
using Appraisal.Policy.Text;
using Appraisal.Testing;

namespace Appraisal.Policy.Tests.Editing;

/// <summary>
/// The quick fixes the checker offers, one case file per kind under Cases/fixes, named after the code it fixes. Each
/// case has mistakes of that code only where a fix is offered; every fix offered is applied on its own, and must make
/// one diagnostic of that code go away without adding an error. What each fix changes (the lines before and after, its
/// title in both languages) is the golden file <c>NAME.out.txt</c>.
/// </summary>
public sealed class FixCaseTests
{
    private static readonly string Folder = Path.Combine(RepositoryPaths.Root, "tests", "Appraisal.Policy.Tests", "Cases", "fixes");

    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.EnumerateFiles(Folder, "*.policy").Where(f => !f.Contains(".received.", StringComparison.Ordinal)).Order())
            data.Add(Path.GetFileName(file));
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Each_fix_removes_its_diagnostic_and_adds_no_error(string name)
    {
        var path = Path.Combine(Folder, name);
        var text = File.ReadAllText(path).ReplaceLineEndings("\n");
        var code = name[..6];
        var result = Checker.Check(new SourceText(name, text));
        var fixable = result.Diagnostics.Where(d => !d.Fixes.IsEmpty).ToList();
        Assert.True(fixable.Count > 0, $"{name}: no fix offered; diagnostics:\n" + string.Join("\n", result.Diagnostics.Select(d => $"{d.Span}: {d.Code} {d.Message()}")));
        Assert.All(fixable, d => Assert.Equal(code, d.Code));

        var report = new StringBuilder();
        foreach (var diagnostic in fixable)
        {
            var (line, column) = diagnostic.Span.StartPosition;
            report.Append($"{diagnostic.Code} ({line},{column}) {diagnostic.Message()}\n");
            for (var i = 0; i < diagnostic.Fixes.Length; i++)
            {
                var fix = diagnostic.Fixes[i];
                var fixedText = fix.ApplyTo(text);
                var after = Checker.Check(new SourceText(name, fixedText));
                Assert.True(after.Diagnostics.Count(d => d.Code == code) < result.Diagnostics.Count(d => d.Code == code),
                    $"{name}: '{fix.Title.En}' leaves every {code}:\n{fixedText}");
                Assert.True(after.Diagnostics.Count(d => d.IsError) < result.Diagnostics.Count(d => d.IsError) || !diagnostic.IsError,
                    $"{name}: '{fix.Title.En}' does not reduce the errors:\n" + string.Join("\n", after.Diagnostics.Select(d => $"{d.Span}: {d.Code} {d.Message()}")));
                Assert.True(after.Diagnostics.Count(d => d.IsError) <= result.Diagnostics.Count(d => d.IsError));
                report.Append($"  fix {i + 1}: {fix.Title.En} | {fix.Title.Zh}\n");
                AppendChangedLines(report, text, fixedText, fix);
                report.Append($"    then: {after.Diagnostics.Count(d => d.IsError)} error(s), {after.Diagnostics.Count(d => !d.IsError)} warning(s)\n");
            }
        }
        GoldenFile.Verify(Path.Combine(Folder, Path.ChangeExtension(name, ".out.txt")), report.ToString());
    }

    /// <summary>The whole lines the fix touches, before (<c>-</c>) and after (<c>+</c>).</summary>
    private static void AppendChangedLines(StringBuilder report, string before, string after, DiagnosticFix fix)
    {
        var start = fix.Changes.Min(c => c.Span.Start);
        var end = fix.Changes.Max(c => c.Span.End);
        var grown = fix.Changes.Sum(c => c.NewText.Length - c.Span.Length);
        foreach (var line in Lines(before, start, end)) report.Append($"    - {line}\n");
        foreach (var line in Lines(after, start, end + grown)) report.Append($"    + {line}\n");
    }

    private static IEnumerable<string> Lines(string text, int start, int end)
    {
        var from = text.LastIndexOf('\n', Math.Max(0, start - 1)) + 1;
        if (start == 0) from = 0;
        var to = text.IndexOf('\n', Math.Max(from, end));
        if (to < 0) to = text.Length;
        return text[from..to].Split('\n');
    }
}
