using System.Collections.Immutable;
using Appraisal.Policy.Text;

namespace Appraisal.Policy.Diagnostics;

/// <summary>Replace the text of <see cref="Span"/> with <see cref="NewText"/> (an empty span inserts).</summary>
public sealed record TextChange(TextSpan Span, string NewText);

/// <summary>
/// An edit that resolves a diagnostic, offered by the pass that found it when the fix is plain: a "did you mean" name,
/// an 'else' row for a table with a gap, a scorecard total that is the sum of its maxima, a missing cap or floor…
/// Editors show it as a quick fix; applying it makes that diagnostic go away (the fix cases under
/// tests/…/Cases/fixes hold each kind to this).
/// </summary>
public sealed record DiagnosticFix(Bilingual Title, ImmutableArray<TextChange> Changes)
{
    public static DiagnosticFix Replace(TextSpan span, string newText, Bilingual title) => new(title, [new TextChange(span, newText)]);

    public static DiagnosticFix Insert(SourceText source, int offset, string newText, Bilingual title) =>
        new(title, [new TextChange(new TextSpan(source, offset, offset), newText)]);

    /// <summary>"Change to 'x'", for each of the names a "did you mean" offers.</summary>
    public static ImmutableArray<DiagnosticFix> ChangeTo(TextSpan span, IEnumerable<string> names) =>
        [.. names.Select(n => Replace(span, n, new Bilingual($"Change to '{n}'", $"改为 '{n}'")))];

    /// <summary>The source with the changes applied (they must not overlap).</summary>
    public string ApplyTo(string text)
    {
        var result = text;
        foreach (var change in Changes.OrderByDescending(c => c.Span.Start))
            result = string.Concat(result.AsSpan(0, change.Span.Start), change.NewText, result.AsSpan(change.Span.End));
        return result;
    }
}
