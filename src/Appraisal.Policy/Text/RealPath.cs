namespace Appraisal.Policy.Text;

/// <summary>
/// Where a path really leads once every symbolic link on the way is followed, to keep reads inside a folder: a link
/// inside the policy directory to a file inside it is fine, one that leads out of it is not.
/// </summary>
public static class RealPath
{
    private const int MaxLinks = 40; // as the kernel's own limit on links followed in one lookup

    /// <summary>
    /// The absolute path <paramref name="path"/> leads to, with every link in it (the file's own and its folders')
    /// resolved. A path that does not exist (yet) resolves as far as it exists. A loop of links is an <see cref="IOException"/>.
    /// </summary>
    public static string Of(string path) => Of(Path.GetFullPath(path), 0);

    /// <summary>True when <paramref name="path"/> really leads to <paramref name="folder"/> or somewhere beneath it.</summary>
    public static bool IsInside(string path, string folder)
    {
        var real = Of(path);
        var root = Of(folder).TrimEnd(Path.DirectorySeparatorChar);
        return real == root || real.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal);
    }

    private static string Of(string full, int links)
    {
        var root = Path.GetPathRoot(full) ?? "";
        var current = root;
        foreach (var part in full[root.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries))
        {
            var next = Path.Combine(current, part);
            FileSystemInfo info = Directory.Exists(next) ? new DirectoryInfo(next) : new FileInfo(next);
            if (info.Exists && info.LinkTarget is not null)
            {
                if (++links > MaxLinks) throw new IOException($"too many levels of symbolic links at {next}");
                var target = info.ResolveLinkTarget(returnFinalTarget: true)
                             ?? throw new IOException($"cannot resolve the symbolic link {next}");
                next = Of(target.FullName, links);
            }
            current = next;
        }
        return current;
    }
}
