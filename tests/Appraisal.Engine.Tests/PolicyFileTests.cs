using Appraisal.Engine.Planning;
using Appraisal.Engine.Testing;
using Appraisal.Engine.Values;
using Appraisal.Policy.Semantics;
using Appraisal.Policy.Text;

namespace Appraisal.Engine.Tests;

/// <summary>The tests written inside every policy in policies/ pass on the tree evaluator.</summary>
public class PolicyFileTests
{
    public static TheoryData<string> Policies()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.EnumerateFiles(RepositoryPaths.Policies, "*.policy", SearchOption.AllDirectories).Order()) data.Add(file);
        return data;
    }

    [Theory]
    [MemberData(nameof(Policies))]
    public void Every_test_in_the_policy_passes(string path)
    {
        var plan = PolicyPipeline.LoadFile(path).Plan!;
        var results = PolicyTestRunner.Run(plan, explain: true);
        var failures = results.Where(r => !r.Passed).Select(r => r.Title + ": " + (r.Error?.ToString()
            ?? string.Join("; ", r.Mismatches.Select(m => $"{m.Output} expected {ValueFormat.Format(m.Expected, m.Type)}, got {ValueFormat.Format(m.Actual, m.Type)}"))));
        Assert.True(!failures.Any(), string.Join("\n", failures));
    }
}
