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

/// <summary>An output: its name, its value as shown (with its unit), and the plain number when it is one.</summary>
internal sealed record StatementOutput(string Name, string Shown, decimal? Number, bool Missing);

/// <summary>A scorecard's total against its maximum, with its items, deductions and additions in order.</summary>
internal sealed record StatementScorecard(string Name, decimal Score, decimal Max, IReadOnlyList<StatementEntry> Entries, decimal? Floor);

/// <summary>
/// One scorecard line: an item counted against its maximum (when it has one), or a deduction or addition of an amount.
/// <paramref name="Computed"/> is the formula's value before the item's floor and cap.
/// </summary>
internal sealed record StatementEntry(string Name, EntryKind Kind, decimal Counted, decimal Computed, decimal? Max, string? Weight, decimal Contribution);

/// <summary>
/// A gate or a veto (<paramref name="Veto"/>: passed when it did not apply): with each condition, and the policy's
/// reason when it did not pass (or "").
/// </summary>
internal sealed record StatementGate(string Name, bool Passed, IReadOnlyList<StatementCondition> Conditions, string Reason, bool Veto = false);

/// <summary>A condition of a gate or level: its label, whether it holds, and the comparison with its values (or empty).</summary>
internal sealed record StatementCondition(string Label, bool Holds, string Detail);

/// <summary>A levels rule: the level given, and each level with what it still lacks.</summary>
internal sealed record StatementLevels(string Name, string Result, IReadOnlyList<StatementLevel> Levels, string Note);

/// <summary>One level of a levels rule: met when its own requirements hold; else the ones missing.</summary>
internal sealed record StatementLevel(string Level, bool Met, IReadOnlyList<string> Missing);

/// <summary>A table row that served a rule: the rule, the table with its arguments, the row and what it gave.</summary>
internal sealed record StatementTable(string Rule, string Table, string Arguments, int Row, string RowText, string Result);

/// <summary>A line of the derivation at a depth (0: an output).</summary>
internal sealed record StatementLine(int Depth, string Text);
