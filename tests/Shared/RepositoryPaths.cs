namespace Appraisal.Testing;

/// <summary>Where the repository's folders are, found from the test assembly's location. Linked into every test project.</summary>
internal static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();
    public static string Policies => Path.Combine(Root, "policies");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Policy.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException("Policy.sln not found above " + AppContext.BaseDirectory);
    }
}
