using System.Collections.Immutable;
using Appraisal.Engine.Values;
using Appraisal.Policy.Semantics;
using Appraisal.Policy.Syntax;

namespace Appraisal.Engine.Facts;

/// <summary>One input of a policy: its slot in the fact array, type, allowed range and default.</summary>
/// <param name="Low">Inclusive lower bound of a numeric input (5% is 0.05), if declared.</param>
/// <param name="Default">The value used when the fact is absent; null when the input is required.</param>
public sealed record InputField(int Slot, string Name, PolicyType Type, decimal? Low, decimal? High, Value? Default, string? Description)
{
    public bool IsRequired => Default is null;
}
