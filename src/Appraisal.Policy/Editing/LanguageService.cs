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
        return [.. OwnDiagnostics(document).Select(d => ToEditor(document, d, language))];
    }

    private static IEnumerable<Diagnostic> OwnDiagnostics(PolicyDocument document) =>
        document.Checked.Diagnostics.Where(d => ReferenceEquals(d.Span.Source, document.Source));

    private static EditorDiagnostic ToEditor(PolicyDocument document, Diagnostic d, Language language) =>
        new(document.Lines.Range(d.Span.Start, d.Span.End), d.IsError, d.Code, d.Message(language), d.Hint(language));

    /// <summary>
    /// The quick fixes of the diagnostics on the lines of <paramref name="range"/> (the cursor's line, or the selection's): each plain fix the checker offered, titled in <paramref name="language"/>, nearest diagnostic first.
    /// </summary>
    public ImmutableArray<EditorCodeAction> CodeActions(string uri, LineRange range, Language language)
    {
        if (Document(uri) is not { } document) return [];
        // Whole lines: the light bulb shows for the line the cursor is on, wherever on it the diagnostic is.
        var start = document.Lines.Offset(new LinePosition(range.Start.Line, 0));
        var end = document.Lines.Offset(new LinePosition(range.End.Line, int.MaxValue));
        var actions = ImmutableArray.CreateBuilder<EditorCodeAction>();
        foreach (var diagnostic in OwnDiagnostics(document))
        {
            if (diagnostic.Fixes.IsEmpty || diagnostic.Span.End < start || diagnostic.Span.Start > end) continue;
            var shown = ToEditor(document, diagnostic, language);
            foreach (var fix in diagnostic.Fixes)
            {
                if (fix.Changes.Any(c => !ReferenceEquals(c.Span.Source, document.Source))) continue;
                actions.Add(new EditorCodeAction(fix.Title.In(language), shown,
                    [.. fix.Changes.Select(c => new EditorTextEdit(document.Lines.Range(c.Span.Start, c.Span.End), c.NewText))],
                    IsPreferred: diagnostic.Fixes.Length == 1));
            }
        }
        return actions.ToImmutable();
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

    /// <summary>What each keyword, literal, comment and bound name of the document is, for highlighting (<see cref="Editing.SemanticTokens"/>).</summary>
    public ImmutableArray<SemanticToken> SemanticTokens(string uri) =>
        Document(uri) is { } document ? Editing.SemanticTokens.Of(document) : [];

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

    /// <summary>
    /// The edits that format the lines <paramref name="range"/> touches, and no others: the whole text is formatted as
    /// `policy fmt` would, the result compared with the text line by line (DiffPlex), and only the changed stretches
    /// that overlap the range are returned (a table's rows are realigned together, so a stretch may reach past the range).
    /// None when the text is formatted already or does not parse.
    /// </summary>
    public ImmutableArray<EditorTextEdit> FormatRange(string uri, LineRange range)
    {
        if (Document(uri) is not { } document) return [];
        var result = PolicyFormatter.Format(document.Source);
        if (result is not { Outcome: FormatOutcome.Changed, Formatted: { } formatted }) return [];
        var diff = DiffPlex.Differ.Instance.CreateDiffs(document.Text, formatted, ignoreWhiteSpace: false, ignoreCase: false,
            DiffPlex.Chunkers.LineEndingsPreservingChunker.Instance);
        var starts = new int[diff.PiecesOld.Count + 1];
        for (var i = 0; i < diff.PiecesOld.Count; i++) starts[i + 1] = starts[i] + diff.PiecesOld[i].Length;
        if (starts[^1] != document.Text.Length) throw new InvalidOperationException("the line chunker lost characters of the text");
        var first = range.Start.Line;
        var last = Math.Max(first, range.End.Character == 0 && range.End.Line > first ? range.End.Line - 1 : range.End.Line);
        var edits = ImmutableArray.CreateBuilder<EditorTextEdit>();
        foreach (var block in diff.DiffBlocks)
        {
            // A stretch that replaces lines one for one is taken line by line; one that adds or drops lines, whole.
            var pieces = block.DeleteCountA == block.InsertCountB
                ? Enumerable.Range(0, block.DeleteCountA).Select(i => (From: block.DeleteStartA + i, Count: 1, New: block.InsertStartB + i, NewCount: 1))
                : [(From: block.DeleteStartA, Count: block.DeleteCountA, New: block.InsertStartB, NewCount: block.InsertCountB)];
            foreach (var (from, count, newFrom, newCount) in pieces)
            {
                var to = from + count;
                var touches = count > 0 ? from <= last && to - 1 >= first : from >= first && from <= last + 1;
                if (!touches) continue;
                var newText = string.Concat(diff.PiecesNew.Skip(newFrom).Take(newCount));
                edits.Add(new EditorTextEdit(document.Lines.Range(starts[from], starts[to]), newText));
            }
        }
        return edits.ToImmutable();
    }
}
