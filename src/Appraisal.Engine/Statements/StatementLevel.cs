namespace Appraisal.Engine.Statements;

/// <summary>One level of a levels rule: met when its own requirements hold; else the ones missing.</summary>
internal sealed record StatementLevel(string Level, bool Met, IReadOnlyList<string> Missing);
