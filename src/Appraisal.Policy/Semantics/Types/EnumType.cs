using System.Collections.Immutable;

namespace Appraisal.Policy.Semantics;

public sealed record EnumType(string Name, ImmutableArray<string> Members) : PolicyType
{
    public override string Display => Name;
    public bool Equals(EnumType? other) => other is not null && other.Name == Name;
    public override int GetHashCode() => Name.GetHashCode(StringComparison.Ordinal);
}
