using Appraisal.Policy.Syntax;

namespace Appraisal.Engine.Statements;

/// <summary>
/// A gate or a veto (<paramref name="Veto"/>: passed when it did not apply): with each condition, and the policy's
/// reason when it did not pass (or "").
/// </summary>
internal sealed record StatementGate(string Name, bool Passed, IReadOnlyList<StatementCondition> Conditions, string Reason, bool Veto = false);
