using System.Collections.Immutable;

namespace Appraisal.Policy.Semantics;

public sealed record RecordType(string Name, ImmutableArray<(string Name, PolicyType Type)> Fields) : PolicyType
{
    public override string Display => Name;
    public bool Equals(RecordType? other) => other is not null && other.Name == Name;
    public override int GetHashCode() => Name.GetHashCode(StringComparison.Ordinal);

    public PolicyType? Field(string name)
    {
        foreach (var field in Fields) if (field.Name == name) return field.Type;
        return null;
    }
}
