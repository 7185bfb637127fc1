using System.Collections.Immutable;
using System.Text;
using Appraisal.Policy.Diagnostics;
using Appraisal.Policy.Formatting;
using Appraisal.Policy.Syntax;
using Appraisal.Policy.Text;

namespace Appraisal.Policy.Tooling;

public enum FormatOutcome
{
    /// <summary>The file is already formatted.</summary>
    Unchanged,
    /// <summary>Formatting changes the file (it was rewritten unless only checking).</summary>
    Changed,
    /// <summary>The file has syntax errors; it was not formatted and never written.</summary>
    SyntaxErrors,
}
