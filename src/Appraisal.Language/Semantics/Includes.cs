using System.Collections.Immutable;
using Appraisal.Policy.Diagnostics;
using Appraisal.Policy.Syntax;
using Appraisal.Policy.Text;

namespace Appraisal.Policy.Semantics;

/// <summary>Reads included files. Paths are relative to the including file and must stay inside <see cref="Root"/>.</summary>
public sealed class IncludeReader
{
    private readonly bool _enabled;

    public IncludeReader(string? root = null) : this(root, enabled: true)
    {
    }

    private IncludeReader(string? root, bool enabled)
    {
        Root = root is null ? null : Path.GetFullPath(root);
        _enabled = enabled;
    }

    /// <summary>Files outside this folder are never read (null: no limit, for the command line).</summary>
    public string? Root { get; }

    /// <summary>Includes are not read at all (e.g. checking text sent by an editor that has no folder).</summary>
    public static IncludeReader None { get; } = new(null, enabled: false);

    public SourceText? Read(string includingFile, string path)
    {
        if (!_enabled || path.Length == 0 || Path.IsPathRooted(path)) return null;
        var directory = Path.GetDirectoryName(Path.GetFullPath(includingFile)) ?? ".";
        var full = Path.GetFullPath(Path.Combine(directory, path));
        if (Root is not null && !full.StartsWith(Root.TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            return null;
        return File.Exists(full) ? new SourceText(full, File.ReadAllText(full)) : null;
    }
}

/// <summary>
/// Pass 1b: loads the libraries a policy includes (and the ones they include), parses them, and reports
/// files that cannot be read, are not libraries, or include themselves.
/// </summary>
public static class Includes
{
    public static ImmutableArray<PolicyFile> Load(PolicyFile file, IncludeReader reader, DiagnosticBag diagnostics)
    {
        var loaded = ImmutableArray.CreateBuilder<PolicyFile>();
        var seen = new HashSet<string>(StringComparer.Ordinal) { Path.GetFullPath(file.Source.Path) };
        Visit(file, new List<string> { Path.GetFullPath(file.Source.Path) });
        return loaded.ToImmutable();

        void Visit(PolicyFile current, List<string> chain)
        {
            foreach (var include in current.Declarations.OfType<IncludeDecl>())
            {
                var source = reader.Read(current.Source.Path, include.Path);
                if (source is null)
                {
                    diagnostics.Report(DiagnosticCodes.IncludeNotFound, include.Span, include.Path);
                    continue;
                }
                if (chain.Contains(source.Path))
                {
                    diagnostics.Report(DiagnosticCodes.IncludeCycle, include.Span, include.Path);
                    continue;
                }
                if (!seen.Add(source.Path)) continue; // already loaded through another include
                var parsed = Parser.Parse(source);
                diagnostics.AddRange(parsed.Diagnostics);
                if (parsed.File.Kind != FileKind.Library)
                {
                    diagnostics.Report(DiagnosticCodes.IncludeNotLibrary, include.Span, include.Path);
                    continue;
                }
                Visit(parsed.File, new List<string>(chain) { source.Path });
                loaded.Add(parsed.File);
            }
        }
    }
}
