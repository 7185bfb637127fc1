using Appraisal.Policy.Syntax;

namespace Appraisal.Engine.Statements;

/// <summary>A scorecard's total against its maximum, with its items, deductions and additions in order.</summary>
internal sealed record StatementScorecard(string Name, decimal Score, decimal Max, IReadOnlyList<StatementEntry> Entries, decimal? Floor);
