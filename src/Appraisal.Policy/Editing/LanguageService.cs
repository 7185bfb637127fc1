using System.Collections.Immutable;
using Appraisal.Policy.Diagnostics;
using Appraisal.Policy.Semantics;
using Appraisal.Policy.Syntax;
using Appraisal.Policy.Text;
using Appraisal.Policy.Tooling;

namespace Appraisal.Policy.Editing;

/// <summary>
/// What an editor asks about policies, answered from the checker's own results, for any host (the language server of
/// `policy lsp`, a web studio): the open documents (URI → text and version), each re-checked whole on every change
/// through <see cref="Checker"/> as `policy check` checks files, and diagnostics, hover, definition, references,
/// completion, outline and formatting over them. Positions are the protocol's (<see cref="LinePosition"/>: lines and
/// UTF-16 code units). A document whose URI is a <c>file:</c> URI reads its includes from disk beside it; any other
/// (an unsaved buffer) is checked without them. Safe to call from several threads.
/// </summary>
public sealed class LanguageService
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, PolicyDocument> _documents = new(StringComparer.Ordinal);

    /// <summary>Opens (or replaces) a document and checks it.</summary>
    public PolicyDocument Open(string uri, int version, string text)
    {
        ArgumentNullException.ThrowIfNull(uri);
        ArgumentNullException.ThrowIfNull(text);
        lock (_gate)
        {
            var document = Check(uri, version, text, _documents.GetValueOrDefault(uri));
            _documents[uri] = document;
            return document;
        }
    }

    /// <summary>The document's whole new text (full synchronisation); a document not yet open is opened.</summary>
    public PolicyDocument Change(string uri, int version, string text) => Open(uri, version, text);

    public bool Close(string uri)
    {
        lock (_gate) return _documents.Remove(uri);
    }

    public PolicyDocument? Document(string uri)
    {
        lock (_gate) return _documents.GetValueOrDefault(uri);
    }

    public IReadOnlyList<string> OpenDocuments
    {
        get { lock (_gate) return _documents.Keys.ToList(); }
    }

    private static PolicyDocument Check(string uri, int version, string text, PolicyDocument? previous)
    {
        var path = PathOf(uri);
        var source = new SourceText(path ?? uri, text);
        var includes = path is null ? IncludeReader.None : new IncludeReader();
        return new PolicyDocument(uri, version, source, Checker.Check(source, includes), previous);
    }

    /// <summary>The local path of a <c>file:</c> URI, or null for any other URI.</summary>
    public static string? PathOf(string uri) =>
        System.Uri.TryCreate(uri, UriKind.Absolute, out var parsed) && parsed.IsFile ? parsed.LocalPath : null;

    // ---------------------------------------------------------------------------------------------
    // Diagnostics

    /// <summary>
    /// The document's diagnostics, as `policy check` reports them for the same text (same codes, messages and hints, in
    /// <paramref name="language"/>), located in the document. Diagnostics in included files are theirs, not listed here.
    /// </summary>
    public ImmutableArray<EditorDiagnostic> Diagnostics(string uri, Language language)
    {
        if (Document(uri) is not { } document) return [];
        return [.. document.Checked.Diagnostics
            .Where(d => ReferenceEquals(d.Span.Source, document.Source))
            .Select(d => new EditorDiagnostic(document.Lines.Range(d.Span.Start, d.Span.End), d.IsError, d.Code, d.Message(language), d.Hint(language)))];
    }

    // ---------------------------------------------------------------------------------------------
    // Names: hover, definition, references

    private static Occurrence? OccurrenceAt(PolicyDocument document, LinePosition position)
    {
        var offset = document.Lines.Offset(position);
        Occurrence? best = null;
        foreach (var occurrence in document.Occurrences)
        {
            var span = occurrence.Span;
            if (!ReferenceEquals(span.Source, document.Source) || span.Start > offset || offset > span.End || span.Length == 0) continue;
            if (best is null || span.Length < best.Span.Length) best = occurrence;
        }
        return best;
    }

    public HoverInfo? Hover(string uri, LinePosition position, Language language)
    {
        if (Document(uri) is not { } document || OccurrenceAt(document, position) is not { } occurrence) return null;
        var markdown = HoverText.Of(occurrence.Symbol, document.Checked.Model, language);
        return new HoverInfo(document.Lines.Range(occurrence.Span.Start, occurrence.Span.End), markdown);
    }

    /// <summary>Where the name at <paramref name="position"/> is declared: in this document or in a library it includes.</summary>
    public EditorLocation? Definition(string uri, LinePosition position)
    {
        if (Document(uri) is not { } document || OccurrenceAt(document, position) is not { } occurrence) return null;
        var symbol = occurrence.Symbol;
        return Locate(Occurrences.DeclaredName(symbol.Declaration, symbol), document);
    }

    /// <summary>
    /// Every place the name at <paramref name="position"/> is written, in this document, the libraries it includes, and
    /// the other open documents that see the same declaration (through the same library).
    /// </summary>
    public ImmutableArray<EditorLocation> References(string uri, LinePosition position, bool includeDeclaration)
    {
        List<PolicyDocument> documents;
        lock (_gate) documents = [.. _documents.Values];
        if (Document(uri) is not { } document || OccurrenceAt(document, position) is not { } target) return [];
        var key = DeclarationKey(target.Symbol);
        var found = new List<EditorLocation>();
        foreach (var other in documents.Prepend(document).Distinct())
        {
            foreach (var occurrence in other.Occurrences)
            {
                if (occurrence.IsDeclaration && !includeDeclaration) continue;
                if (DeclarationKey(occurrence.Symbol) != key) continue;
                found.Add(Locate(occurrence.Span, other));
            }
        }
        return [.. found.Distinct().OrderBy(l => l.Uri == uri ? 0 : 1).ThenBy(l => l.Uri, StringComparer.Ordinal)
            .ThenBy(l => l.Range.Start.Line).ThenBy(l => l.Range.Start.Character)];
    }

    /// <summary>What makes two symbols the same declaration across separately checked documents: where it is written.</summary>
    private static (string File, int Start) DeclarationKey(Symbol symbol)
    {
        var span = Occurrences.DeclaredName(symbol.Declaration, symbol);
        return (span.Source.Path, span.Start);
    }

    private EditorLocation Locate(TextSpan span, PolicyDocument from)
    {
        if (ReferenceEquals(span.Source, from.Source)) return new EditorLocation(from.Uri, from.Lines.Range(span.Start, span.End));
        var path = span.Source.Path;
        var uri = OpenDocuments.FirstOrDefault(u => PathOf(u) == path) ?? new System.Uri(Path.GetFullPath(path)).AbsoluteUri;
        return new EditorLocation(uri, new LineMap(span.Source.Text).Range(span.Start, span.End));
    }

    // ---------------------------------------------------------------------------------------------
    // Completion, outline, formatting

    /// <summary>
    /// What may be written at <paramref name="position"/>: after <c>ENUM.</c> or after a comparison with (or a test's
    /// field of) an input of enum type, that enum's values; after a record or scorecard and a dot, its fields; after a
    /// field's colon, the types; elsewhere the keywords, snippets for each construct, the declared names, functions and units.
    /// Names come from the latest version of the document that resolved, so a half-typed line still completes.
    /// </summary>
    public ImmutableArray<CompletionEntry> Completion(string uri, LinePosition position)
    {
        if (Document(uri) is not { } document) return [];
        return Completions.At(document.Text, document.Lines.Offset(position), document.LastResolved?.Model);
    }

    /// <summary>The document's declarations, for an outline: enums with their values, inputs, tables, rules, tests…</summary>
    public ImmutableArray<OutlineSymbol> Outline(string uri) =>
        Document(uri) is { } document ? Editing.Outline.Of(document) : [];

    /// <summary>
    /// The edits that make the document canonically formatted (`policy fmt`): one edit replacing the whole text, none when
    /// it is formatted already or does not parse (a file with syntax errors is never formatted).
    /// </summary>
    public ImmutableArray<EditorTextEdit> Format(string uri)
    {
        if (Document(uri) is not { } document) return [];
        var result = PolicyFormatter.Format(document.Source);
        if (result is not { Outcome: FormatOutcome.Changed, Formatted: { } formatted }) return [];
        return [new EditorTextEdit(document.Lines.Range(0, document.Text.Length), formatted)];
    }
}
