using System.Collections.Immutable;
using System.Globalization;
using Appraisal.Policy.Text;

namespace Appraisal.Policy.Diagnostics;

/// <summary>One problem found in a policy: stable code, severity, location, message arguments.</summary>
public sealed record Diagnostic(DiagnosticDescriptor Descriptor, TextSpan Span, ImmutableArray<string> Arguments)
{
    public string Code => Descriptor.Code;
    public Severity Severity => Descriptor.Severity;
    public bool IsError => Severity == Severity.Error;

    public string Message(Language language = Language.En) =>
        Format(language == Language.Zh ? Descriptor.Zh : Descriptor.En, language);

    public string? Hint(Language language = Language.En)
    {
        var template = language == Language.Zh ? Descriptor.HintZh : Descriptor.HintEn;
        return template is null ? null : Format(template, language);
    }

    /// <summary>
    /// The Chinese form of each argument reported as a <see cref="Bilingual"/> (null for the others: the user's own
    /// text — names, numbers, source — which is the same in both languages).
    /// </summary>
    public ImmutableArray<string?> ChineseArguments { get; init; } = [];

    /// <summary>The plain fixes of this problem, when there are any (an editor offers them as quick fixes).</summary>
    public ImmutableArray<DiagnosticFix> Fixes { get; init; } = [];

    private string Format(string template, Language language) =>
        string.Format(CultureInfo.InvariantCulture, template,
            Arguments.Select((a, i) => (object)(language == Language.Zh && i < ChineseArguments.Length && ChineseArguments[i] is { } zh
                ? zh : a)).ToArray());

    /// <summary>Sorts diagnostics by file, then position, then code: the order they are printed in.</summary>
    public static IEnumerable<Diagnostic> InOrder(IEnumerable<Diagnostic> diagnostics) =>
        diagnostics.OrderBy(d => d.Span.File, StringComparer.Ordinal)
            .ThenBy(d => d.Span.Start).ThenBy(d => d.Span.End).ThenBy(d => d.Code, StringComparer.Ordinal);
}
