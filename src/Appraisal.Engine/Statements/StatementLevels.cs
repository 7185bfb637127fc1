using Appraisal.Policy.Syntax;

namespace Appraisal.Engine.Statements;

/// <summary>A levels rule: the level given, and each level with what it still lacks.</summary>
internal sealed record StatementLevels(string Name, string Result, IReadOnlyList<StatementLevel> Levels, string Note);
