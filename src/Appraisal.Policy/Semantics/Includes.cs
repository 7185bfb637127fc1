using System.Collections.Immutable;
using Appraisal.Policy.Diagnostics;
using Appraisal.Policy.Syntax;

namespace Appraisal.Policy.Semantics;

/// <summary>
/// Pass 1b: loads the libraries a policy includes (and the ones they include), parses them, and reports
/// files that cannot be read, are not libraries, or include themselves.
/// </summary>
public static class Includes
{
    public static ImmutableArray<PolicyFile> Load(PolicyFile file, IncludeReader reader, DiagnosticBag diagnostics)
    {
        var loaded = ImmutableArray.CreateBuilder<PolicyFile>();
        var self = reader.FullPath(file.Source.Path);
        var seen = new HashSet<string>(StringComparer.Ordinal) { self };
        Visit(file, new List<string> { self });
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
                var full = reader.FullPath(source.Path);
                if (chain.Contains(full))
                {
                    diagnostics.Report(DiagnosticCodes.IncludeCycle, include.Span, include.Path);
                    continue;
                }
                if (!seen.Add(full)) continue; // already loaded through another include
                var parsed = Parser.Parse(source);
                diagnostics.AddRange(parsed.Diagnostics);
                if (parsed.File.Kind != FileKind.Library)
                {
                    diagnostics.Report(DiagnosticCodes.IncludeNotLibrary, include.Span, include.Path);
                    continue;
                }
                Visit(parsed.File, new List<string>(chain) { full });
                loaded.Add(parsed.File);
            }
        }
    }
}
