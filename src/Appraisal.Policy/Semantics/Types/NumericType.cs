using System.Collections.Immutable;

namespace Appraisal.Policy.Semantics;

public sealed record NumericType(Dimension Dimension, NumberKind Kind, bool IsLiteral = false) : PolicyType
{
    public override string Display => !Dimension.IsNone ? Dimension.ToString() : Kind switch
    {
        NumberKind.Count => "count",
        NumberKind.Percent => "percent",
        _ => "number",
    };

    public bool IsDimensionless => Dimension.IsNone;
}
