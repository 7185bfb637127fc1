using Appraisal.Policy.Syntax;

namespace Appraisal.Engine.Statements;

/// <summary>An output: its name, its value as shown (with its unit), and the plain number when it is one.</summary>
internal sealed record StatementOutput(string Name, string Shown, decimal? Number, bool Missing);
