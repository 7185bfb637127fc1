namespace Appraisal.Engine.Statements;

/// <summary>A line of the derivation at a depth (0: an output).</summary>
internal sealed record StatementLine(int Depth, string Text);
