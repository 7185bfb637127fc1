using System.Globalization;
using Appraisal.Policy.Diagnostics;

namespace Appraisal.Engine.Embedding;

/// <summary>One problem the checker found in a policy, located, with its message and hint in English and Chinese.</summary>
/// <param name="Code">The stable code (<c>PL0101</c>); see the language reference.</param>
/// <param name="File">The file as it was named when loaded (an included library's own name for a problem there).</param>
/// <param name="Line">1-based line of the start.</param>
/// <param name="Column">1-based column of the start (UTF-16 code units).</param>
public sealed record PolicyDiagnostic(string Code, Severity Severity, string File, int Line, int Column, int EndLine, int EndColumn,
    string Message, string MessageZh, string? Hint, string? HintZh)
{
    /// <summary>True for an error (the policy then does not evaluate); false for a warning.</summary>
    public bool IsError => Severity == Severity.Error;

    internal static PolicyDiagnostic Of(Diagnostic diagnostic)
    {
        var (line, column) = diagnostic.Span.StartPosition;
        var (endLine, endColumn) = diagnostic.Span.EndPosition;
        return new PolicyDiagnostic(diagnostic.Code, diagnostic.Severity, diagnostic.Span.File, line, column, endLine, endColumn,
            diagnostic.Message(Language.En), diagnostic.Message(Language.Zh), diagnostic.Hint(Language.En), diagnostic.Hint(Language.Zh));
    }

    /// <summary><c>file(line,column): error CODE: message</c>, as the command line prints it.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{File}({Line},{Column}): {(IsError ? "error" : "warning")} {Code}: {Message}");
}
