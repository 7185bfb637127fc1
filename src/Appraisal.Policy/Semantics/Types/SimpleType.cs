using System.Collections.Immutable;

namespace Appraisal.Policy.Semantics;

public sealed record SimpleType(string Name) : PolicyType
{
    public override string Display => Name;
}
