using Appraisal.Engine.Planning;
using Appraisal.Policy.Syntax;

namespace Appraisal.Engine.Statements;

// The statement as data, host-neutral and language-resolved: built from an outcome with its explanation
// (StatementFromOutcome) or from a recorded explanation (StatementFromRecord), written as HTML by StatementHtml.
// Every text here is final (formatted in the page's language), and escaped only when written.

/// <summary>One subject's statement: what the page shows, section by section.</summary>
internal sealed class StatementModel
{
    public string PolicyName { get; init; } = "";
    public string DeclaredVersion { get; init; } = "";
    public List<StatementOutput> Outputs { get; } = new();
    public List<StatementScorecard> Scorecards { get; } = new();
    public List<StatementGate> Gates { get; } = new();
    public List<StatementLevels> Levels { get; } = new();
    public List<StatementTable> Tables { get; } = new();
    /// <summary>The derivation lines (the text explanation's), each with its depth.</summary>
    public List<StatementLine> Arithmetic { get; } = new();
    public List<PlanCitation> Citations { get; } = new();
    /// <summary>Remarks shown under the header (an erased explanation, a version no longer served).</summary>
    public List<string> Notes { get; } = new();
}
