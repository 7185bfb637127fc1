using System.Collections.Immutable;
using Appraisal.Policy.Diagnostics;
using Appraisal.Policy.Syntax;
using Appraisal.Policy.Text;

namespace Appraisal.Policy.Semantics;

/// <summary>
/// Reads included files. Paths are relative to the including file and must stay inside <see cref="Root"/>. The files
/// are on disk, or — for a version kept in the policy registry — given in memory (<see cref="InMemory"/>).
/// </summary>
public sealed class IncludeReader
{
    private readonly bool _enabled;
    private readonly IReadOnlyDictionary<string, string>? _files;

    public IncludeReader(string? root = null) : this(root, enabled: true, files: null)
    {
    }

    private IncludeReader(string? root, bool enabled, IReadOnlyDictionary<string, string>? files)
    {
        Root = root is null ? null : Path.GetFullPath(root);
        _enabled = enabled;
        _files = files;
    }

    /// <summary>
    /// Reads only the given files, never the disk: <paramref name="files"/> maps a full path under
    /// <paramref name="root"/> (which need not exist) to the file's text.
    /// </summary>
    public static IncludeReader InMemory(string root, IReadOnlyDictionary<string, string> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        return new IncludeReader(root, enabled: true, files);
    }

    /// <summary>Files outside this folder are never read (null: no limit, for the command line).</summary>
    public string? Root { get; }

    /// <summary>Includes are not read at all (e.g. checking text sent by an editor that has no folder).</summary>
    public static IncludeReader None { get; } = new(null, enabled: false, files: null);

    /// <summary>
    /// Reads the file <paramref name="path"/> included from <paramref name="includingFile"/>, or null if it cannot be
    /// read or lies outside the root. The result is named as the user would write it: relative when the including
    /// file's name is relative.
    /// </summary>
    public SourceText? Read(string includingFile, string path)
    {
        if (!_enabled || path.Length == 0 || path.IndexOfAny(Path.GetInvalidPathChars()) >= 0 || Path.IsPathRooted(path)) return null;
        try
        {
            return ReadInsideRoot(includingFile, path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return null; // reported as "cannot read included file" (PL1001), like a file that does not exist
        }
    }

    private SourceText? ReadInsideRoot(string includingFile, string path)
    {
        // A relative including path (as printed in diagnostics) is relative to the root when there is one.
        var baseDirectory = Root ?? Environment.CurrentDirectory;
        var including = Path.IsPathRooted(includingFile) ? includingFile : Path.Combine(baseDirectory, includingFile);
        var directory = Path.GetDirectoryName(Path.GetFullPath(including)) ?? baseDirectory;
        var full = Path.GetFullPath(Path.Combine(directory, path));
        if (Root is not null && !full.StartsWith(Root.TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            return null;
        var name = Path.IsPathRooted(includingFile) ? full : Path.GetRelativePath(baseDirectory, full);
        if (_files is not null) return _files.TryGetValue(full, out var kept) ? new SourceText(name, kept) : null;
        if (!File.Exists(full)) return null;
        if (Root is not null && !RealPath.IsInside(full, Root)) return null; // a link that leads out of the root
        return new SourceText(name, File.ReadAllText(full));
    }

    /// <summary>The full path of a file, for telling whether two names mean the same file.</summary>
    public string FullPath(string file) =>
        Path.GetFullPath(Path.IsPathRooted(file) ? file : Path.Combine(Root ?? Environment.CurrentDirectory, file));
}
