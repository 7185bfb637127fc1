using Appraisal.Policy.Editing;
using Lang = Appraisal.Policy.Diagnostics.Language;

namespace Appraisal.Service.Studio;

/// <summary>
/// What the editor asks about a draft, answered by the language service (<see cref="LanguageService"/>, the one
/// `policy lsp` uses): diagnostics in the page's language, hover, completion and formatting. Positions are the
/// language service's: lines from 0 and UTF-16 code units (what a browser's strings count).
/// </summary>
internal static class StudioEditing
{
    /// <summary>
    /// <c>{diagnostics: [{severity, code, message, hint, from: {line, character}, to, fixes: [{title, edits: [{from, to,
    /// newText}]}]}], errors, warnings}</c>; the fixes are the language service's quick fixes for that diagnostic.
    /// </summary>
    public static object Diagnostics(StudioDraft draft, Lang language)
    {
        var (service, uri) = draft.Open();
        var diagnostics = service.Diagnostics(uri, language);
        var lastLine = draft.Text.Count(c => c == '\n');
        var fixes = service.CodeActions(uri, new LineRange(new LinePosition(0, 0), new LinePosition(lastLine, 0)), language).ToLookup(a => a.Diagnostic);
        return new
        {
            diagnostics = diagnostics.Select(d => new
            {
                severity = d.IsError ? "error" : "warning", code = d.Code, message = d.Message, hint = d.Hint,
                from = Position(d.Range.Start), to = Position(d.Range.End),
                fixes = fixes[d].Select(a => new
                {
                    title = a.Title,
                    edits = a.Edits.Select(e => new { from = Position(e.Range.Start), to = Position(e.Range.End), newText = e.NewText }),
                }),
            }),
            errors = diagnostics.Count(d => d.IsError),
            warnings = diagnostics.Count(d => !d.IsError),
        };
    }

    /// <summary><c>{markdown, from, to}</c>, or <c>{markdown: null}</c> when there is no name there.</summary>
    public static object Hover(StudioDraft draft, LinePosition position, Lang language)
    {
        var (service, uri) = draft.Open();
        var hover = service.Hover(uri, Inside(draft, position), language);
        return hover is null
            ? new { markdown = (string?)null, from = (object?)null, to = (object?)null }
            : new { markdown = (string?)hover.Markdown, from = (object?)Position(hover.Range.Start), to = (object?)Position(hover.Range.End) };
    }

    /// <summary><c>{items: [{label, kind, detail, insertText, snippet}]}</c>.</summary>
    public static object Completion(StudioDraft draft, LinePosition position)
    {
        var (service, uri) = draft.Open(servedFirst: true);
        var items = service.Completion(uri, Inside(draft, position));
        return new
        {
            items = items.Select(i => new
            {
                label = i.Label, kind = i.Kind.ToString().ToLowerInvariant(), detail = i.Detail, insertText = i.InsertText,
                snippet = i.Kind == CompletionKind.Snippet,
            }),
        };
    }

    /// <summary><c>{text, changed}</c>: the canonical form (`policy fmt`); unchanged when it is formatted or does not parse.</summary>
    public static object Format(StudioDraft draft)
    {
        var (service, uri) = draft.Open();
        var edits = service.Format(uri);
        return edits.IsEmpty ? new { text = draft.Text, changed = false } : new { text = edits[0].NewText, changed = true };
    }

    /// <summary>A position given by the page, which must lie in the draft (else 400 naming the field).</summary>
    private static LinePosition Inside(StudioDraft draft, LinePosition position)
    {
        var lines = draft.Text.Split('\n');
        if (position.Line >= lines.Length) throw new StudioBadRequest("line", $"the draft has {lines.Length} lines (counted from 0)");
        if (position.Character > lines[position.Line].TrimEnd('\r').Length)
            throw new StudioBadRequest("character", $"line {position.Line} has {lines[position.Line].TrimEnd('\r').Length} characters");
        return position;
    }

    public static object Position(LinePosition position) => new { line = position.Line, character = position.Character };
}
