using System.Collections.Immutable;

namespace Appraisal.Policy.Tooling;

/// <summary>The policy files named on a command line: files as given, directories expanded.</summary>
/// <param name="Files">Every file to work on, in command-line order; a directory contributes its <c>*.policy</c>
/// files (searched recursively, sorted by path). Paths stay as the user wrote them (relative stays relative).</param>
/// <param name="NotFound">Paths that are neither a file nor a directory.</param>
public sealed record PolicyPathSet(ImmutableArray<string> Files, ImmutableArray<string> NotFound);

public static class PolicyPaths
{
    public const string Extension = ".policy";

    public static PolicyPathSet Expand(IEnumerable<string> paths)
    {
        var files = ImmutableArray.CreateBuilder<string>();
        var notFound = ImmutableArray.CreateBuilder<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var path in paths)
        {
            if (File.Exists(path))
            {
                Add(path);
            }
            else if (Directory.Exists(path))
            {
                var found = Directory.EnumerateFiles(path, "*" + Extension, SearchOption.AllDirectories)
                    .Where(f => f.EndsWith(Extension, StringComparison.Ordinal))
                    .Order(StringComparer.Ordinal);
                foreach (var file in found) Add(file);
            }
            else
            {
                notFound.Add(path);
            }
        }
        return new PolicyPathSet(files.ToImmutable(), notFound.ToImmutable());

        void Add(string file)
        {
            if (seen.Add(Path.GetFullPath(file))) files.Add(file);
        }
    }
}
