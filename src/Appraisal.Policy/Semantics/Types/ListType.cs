using System.Collections.Immutable;

namespace Appraisal.Policy.Semantics;

public sealed record ListType(PolicyType Element) : PolicyType
{
    public override string Display => $"list of {Element.Display}";
}
