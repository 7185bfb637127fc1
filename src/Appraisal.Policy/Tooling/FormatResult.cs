using System.Collections.Immutable;
using System.Text;
using Appraisal.Policy.Diagnostics;

namespace Appraisal.Policy.Tooling;

/// <param name="Formatted">The formatted text; null when the file has syntax errors.</param>
/// <param name="Diagnostics">The syntax errors that stopped formatting (empty otherwise).</param>
public sealed record FormatResult(string Path, FormatOutcome Outcome, string? Formatted, ImmutableArray<Diagnostic> Diagnostics);
