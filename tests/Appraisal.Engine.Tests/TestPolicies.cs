using Appraisal.Engine.Facts;
using Appraisal.Policy.Semantics;
using Appraisal.Policy.Text;

namespace Appraisal.Engine.Tests;

/// <summary>Checked policies for the engine's tests, written inline or read from the repository.</summary>
public static class TestPolicies
{
    public static string Root { get; } = FindRoot();

    public static CheckedPolicy Check(string source, string path = "test.policy")
    {
        var result = Checker.Check(new SourceText(path, source));
        var errors = result.Diagnostics.Where(d => d.IsError).Select(d => d.Message()).ToList();
        Assert.True(errors.Count == 0, "the test policy has errors:\n" + string.Join("\n", errors));
        return result;
    }

    public static InputSchema Schema(string source) => InputSchema.From(Check(source).Model);

    public static InputSchema SchemaOfFile(string relativePath)
    {
        var path = Path.Combine(Root, relativePath);
        return InputSchema.From(Check(File.ReadAllText(path), path).Model);
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Policy.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException("Policy.sln not found above " + AppContext.BaseDirectory);
    }
}
