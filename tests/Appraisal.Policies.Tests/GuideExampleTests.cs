using System.Text.RegularExpressions;
using Appraisal.Engine;
using Appraisal.Engine.Testing;
using Appraisal.Policy.Semantics;
using Appraisal.Policy.Text;

namespace Appraisal.Policies.Tests;

/// <summary>
/// The policies in the author's guide (grammar/GUIDE.md) check clean and pass their own tests, as the guide says; the
/// examples of the language reference (grammar/LANGUAGE.md) that have tests pass them.
/// </summary>
public partial class GuideExampleTests
{
    [GeneratedRegex(@"```policy\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex PolicyBlock();

    [Fact]
    public void Every_policy_in_the_authors_guide_checks_clean_and_passes_its_tests()
    {
        var blocks = PolicyBlock().Matches(File.ReadAllText(Path.Combine(RepositoryPaths.Root, "grammar", "GUIDE.md"))).Select(m => m.Groups[1].Value).ToList();
        Assert.NotEmpty(blocks);
        foreach (var (block, i) in blocks.Select((b, i) => (b, i)))
        {
            var loaded = PolicyPipeline.Load(new SourceText($"GUIDE.md example {i + 1}", block), IncludeReader.None);
            Assert.True(loaded.Plan is not null && loaded.Diagnostics.Length == 0,
                string.Join("\n", loaded.Diagnostics.Select(d => $"{d.Span}: {d.Code} {d.Message()}")));
            var results = PolicyTestRunner.Run(loaded.Plan!);
            Assert.NotEmpty(results);
            Assert.All(results, r => Assert.True(r.Passed, $"example {i + 1}, test \"{r.Title}\" fails"));
        }
    }

    [Fact]
    public void Every_example_of_the_language_reference_that_has_tests_passes_them()
    {
        var blocks = PolicyBlock().Matches(File.ReadAllText(Path.Combine(RepositoryPaths.Root, "grammar", "LANGUAGE.md"))).Select(m => m.Groups[1].Value).ToList();
        var tested = 0;
        foreach (var (block, i) in blocks.Select((b, i) => (b, i)))
        {
            if (!block.Contains("\ntest \"", StringComparison.Ordinal)) continue;
            var loaded = PolicyPipeline.Load(new SourceText($"LANGUAGE.md example {i + 1}", block), IncludeReader.None);
            Assert.True(loaded.Plan is not null, string.Join("\n", loaded.Diagnostics.Select(d => $"{d.Span}: {d.Code} {d.Message()}")));
            var results = PolicyTestRunner.Run(loaded.Plan!);
            Assert.All(results, r => Assert.True(r.Passed, $"LANGUAGE.md example {i + 1}, test \"{r.Title}\" fails"));
            tested++;
        }
        Assert.True(tested >= 3, $"only {tested} examples of LANGUAGE.md have tests");
    }
}
