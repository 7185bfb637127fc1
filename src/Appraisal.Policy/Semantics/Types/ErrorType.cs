using System.Collections.Immutable;

namespace Appraisal.Policy.Semantics;

/// <summary>Stands for a type that could not be determined; it matches anything so one mistake is reported once.</summary>
public sealed record ErrorType : PolicyType
{
    public override string Display => "?";
}
