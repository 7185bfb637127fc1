using System.Collections.Immutable;
using System.Text;

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
