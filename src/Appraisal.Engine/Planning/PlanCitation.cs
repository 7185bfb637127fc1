using System.Collections.Immutable;

namespace Appraisal.Engine.Planning;

/// <summary>A <c>source</c> citation of the policy: its text, its line, and the declarations after it (up to the next).</summary>
public sealed record PlanCitation(string Text, int Line, IReadOnlyList<string> AppliesTo);
