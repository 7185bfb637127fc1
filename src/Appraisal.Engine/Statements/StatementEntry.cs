using Appraisal.Policy.Syntax;

namespace Appraisal.Engine.Statements;

/// <summary>
/// One scorecard line: an item counted against its maximum (when it has one), or a deduction or addition of an amount.
/// <paramref name="Computed"/> is the formula's value before the item's floor and cap.
/// </summary>
internal sealed record StatementEntry(string Name, EntryKind Kind, decimal Counted, decimal Computed, decimal? Max, string? Weight, decimal Contribution);
