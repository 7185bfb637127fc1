using System.Collections.Immutable;
using Appraisal.Policy.Semantics;
using Appraisal.Policy.Text;

namespace Appraisal.Policy.Editing;

/// <summary>
/// One document open in an editor, checked: its text and version as the editor sent them, the checker's result, and
/// the last result whose names were resolved (completion while a line is half typed still knows the declared names).
/// </summary>
public sealed class PolicyDocument
{
    internal PolicyDocument(string uri, int version, SourceText source, CheckedPolicy checkedPolicy, PolicyDocument? previous)
    {
        Uri = uri;
        Version = version;
        Source = source;
        Lines = new LineMap(source.Text);
        Checked = checkedPolicy;
        IsResolved = checkedPolicy.Stages.Any(s => s.Stage == nameof(NameResolution));
        LastResolved = IsResolved ? checkedPolicy : previous?.LastResolved;
        Occurrences = IsResolved ? Editing.Occurrences.Of(checkedPolicy.Model) : [];
    }

    public string Uri { get; }
    public int Version { get; }
    public SourceText Source { get; }
    public string Text => Source.Text;
    public LineMap Lines { get; }
    public CheckedPolicy Checked { get; }
    /// <summary>Did every check run (the text parses)? Otherwise only the parser's diagnostics are known.</summary>
    public bool IsResolved { get; }
    /// <summary>The latest check of this document, this one or an earlier version, whose names were resolved.</summary>
    public CheckedPolicy? LastResolved { get; }
    internal ImmutableArray<Occurrence> Occurrences { get; }
}
