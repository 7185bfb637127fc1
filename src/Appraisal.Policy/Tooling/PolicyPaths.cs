using System.Collections.Immutable;

namespace Appraisal.Policy.Tooling;

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
