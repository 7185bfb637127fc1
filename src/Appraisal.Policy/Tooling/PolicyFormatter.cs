using System.Collections.Immutable;
using System.Text;
using Appraisal.Policy.Diagnostics;
using Appraisal.Policy.Formatting;
using Appraisal.Policy.Syntax;
using Appraisal.Policy.Text;

namespace Appraisal.Policy.Tooling;

/// <summary>Formats policy files with <see cref="Formatter"/>: what `policy fmt` and the service share.</summary>
public static class PolicyFormatter
{
    private static readonly Encoding Utf8NoBom = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);

    /// <summary>Formats one text. A file that does not parse cleanly is left alone: its syntax errors are returned.</summary>
    public static FormatResult Format(SourceText source)
    {
        var parsed = Parser.Parse(source);
        if (parsed.Diagnostics.Any(d => d.IsError))
            return new FormatResult(source.Path, FormatOutcome.SyntaxErrors, null, parsed.Diagnostics);
        var formatted = Formatter.Format(parsed.File);
        var outcome = string.Equals(formatted, source.Text, StringComparison.Ordinal) ? FormatOutcome.Unchanged : FormatOutcome.Changed;
        return new FormatResult(source.Path, outcome, formatted, ImmutableArray<Diagnostic>.Empty);
    }

    /// <summary>Formats a file on disk; rewrites it (UTF-8) when it changes, unless <paramref name="checkOnly"/>.</summary>
    public static FormatResult FormatFile(string path, bool checkOnly)
    {
        var result = Format(SourceText.FromFile(path));
        if (!checkOnly && result is { Outcome: FormatOutcome.Changed, Formatted: { } text })
            File.WriteAllText(path, text, Utf8NoBom);
        return result;
    }
}
