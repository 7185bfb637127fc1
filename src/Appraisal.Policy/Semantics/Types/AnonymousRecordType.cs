using System.Collections.Immutable;

namespace Appraisal.Policy.Semantics;

/// <summary>The type of a record literal in a test, before it is matched to a record type.</summary>
public sealed record AnonymousRecordType : PolicyType
{
    public override string Display => "record";
}
