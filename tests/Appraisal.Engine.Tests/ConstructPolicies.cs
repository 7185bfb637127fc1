
namespace Appraisal.Engine.Tests;

/// <summary>
/// The policies that state the meaning of each construct (<see cref="ConstructTests"/>), one file each in
/// <c>Cases/constructs/</c>, named after what it shows; shared with the compiled tier's tests and the fuzz corpus.
/// Adding a construct's specification is adding a file: its own <c>test</c> blocks are run by
/// <see cref="ConstructTests.Every_construct_policys_own_tests_pass"/>.
/// </summary>
public static class ConstructPolicies
{
    public static string Directory { get; } = Path.Combine(RepositoryPaths.Root, "tests", "Appraisal.Engine.Tests", "Cases", "constructs");

    /// <summary>Every construct policy, by name (its file name without <c>.policy</c>), in name order.</summary>
    public static IReadOnlyList<(string Name, string Source)> All { get; } =
        System.IO.Directory.EnumerateFiles(Directory, "*.policy").Order(StringComparer.Ordinal)
            .Select(f => (Path.GetFileNameWithoutExtension(f), File.ReadAllText(f))).ToList();

    /// <summary>The text of one construct policy.</summary>
    public static string Source(string name) => All.Single(p => p.Name == name).Source;
}
