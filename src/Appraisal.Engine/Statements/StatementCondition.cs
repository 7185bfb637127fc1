namespace Appraisal.Engine.Statements;

/// <summary>A condition of a gate or level: its label, whether it holds, and the comparison with its values (or empty).</summary>
internal sealed record StatementCondition(string Label, bool Holds, string Detail);
