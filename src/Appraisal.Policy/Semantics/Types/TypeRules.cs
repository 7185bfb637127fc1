using System.Collections.Immutable;

namespace Appraisal.Policy.Semantics;

public static class TypeRules
{
    public static bool IsError(PolicyType type) => type is ErrorType;

    /// <summary>Can a value of type <paramref name="actual"/> stand where <paramref name="expected"/> is declared?</summary>
    public static bool IsAssignable(PolicyType expected, PolicyType actual)
    {
        if (expected is ErrorType || actual is ErrorType) return true;
        if (expected is NumericType e && actual is NumericType a)
        {
            if (a.IsLiteral) return true;
            if (e.Dimension != a.Dimension) return false;
            if (!e.IsDimensionless) return true;
            return a.Kind == e.Kind || a.Kind == NumberKind.Number || e.Kind == NumberKind.Number; // a count or a percent is a number
        }
        if (expected is ListType el && actual is ListType al)
        {
            return al.Element is ErrorType || IsAssignable(el.Element, al.Element);
        }
        if (actual is AnonymousRecordType && expected is RecordType) return true;
        return expected == actual;
    }

    /// <summary>The common type of the two sides of <c>+</c>, <c>-</c> or a comparison, or null when their units differ.</summary>
    public static NumericType? Common(NumericType left, NumericType right)
    {
        if (left.IsLiteral) return right;
        if (right.IsLiteral) return left;
        if (left.Dimension != right.Dimension) return null;
        if (!left.IsDimensionless || left.Kind == right.Kind) return left with { IsLiteral = false };
        if (left.Kind == NumberKind.Number) return right;
        if (right.Kind == NumberKind.Number) return left;
        return null; // count and percent do not mix
    }

    public static NumericType Multiply(NumericType left, NumericType right)
    {
        if (left.IsLiteral && right.IsLiteral) return PolicyType.Literal;
        if (left.IsLiteral) return right;
        if (right.IsLiteral) return left;
        var dimension = left.Dimension.Times(right.Dimension);
        if (!dimension.IsNone) return new NumericType(dimension, NumberKind.Number);
        if (left.Kind == right.Kind) return left;
        return left.Kind == NumberKind.Number ? right : right.Kind == NumberKind.Number ? left : PolicyType.Number;
    }

    public static NumericType Divide(NumericType left, NumericType right)
    {
        if (left.IsLiteral && right.IsLiteral) return PolicyType.Literal;
        if (right.IsLiteral) return left;
        var dimension = left.Dimension.Over(right.Dimension);
        if (!dimension.IsNone) return new NumericType(dimension, NumberKind.Number);
        if (left.IsLiteral) return right.Kind == NumberKind.Count ? PolicyType.Number : right;
        return right.Kind == NumberKind.Number && right.IsDimensionless && left.IsDimensionless ? left with { IsLiteral = false } : PolicyType.Number;
    }
}
