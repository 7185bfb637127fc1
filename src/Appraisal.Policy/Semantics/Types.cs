using System.Collections.Immutable;

namespace Appraisal.Policy.Semantics;

/// <summary>
/// The dimension of a quantity: exponents of money, points and duration. Units multiply and divide like
/// physical dimensions: money × points ÷ points is money; points + money is an error.
/// </summary>
public readonly record struct Dimension(int Money, int Points, int Duration)
{
    public static readonly Dimension None = new(0, 0, 0);
    public bool IsNone => this == None;
    public Dimension Times(Dimension other) => new(Money + other.Money, Points + other.Points, Duration + other.Duration);
    public Dimension Over(Dimension other) => new(Money - other.Money, Points - other.Points, Duration - other.Duration);

    public override string ToString()
    {
        var up = new List<string>();
        var down = new List<string>();
        void Add(string name, int exponent)
        {
            if (exponent == 0) return;
            var list = exponent > 0 ? up : down;
            list.Add(Math.Abs(exponent) == 1 ? name : $"{name}^{Math.Abs(exponent)}");
        }
        Add("money", Money);
        Add("points", Points);
        Add("duration", Duration);
        var top = up.Count == 0 ? "number" : string.Join("·", up);
        return down.Count == 0 ? top : $"{top} / {string.Join(" / ", down)}";
    }
}

/// <summary>How a dimensionless number is read: a plain number, a count of occurrences, or a percentage.</summary>
public enum NumberKind { Number, Count, Percent }

/// <summary>Every type a policy value can have.</summary>
public abstract record PolicyType
{
    public abstract string Display { get; }
    public override string ToString() => Display;

    public static readonly PolicyType Bool = new SimpleType("bool");
    public static readonly PolicyType Text = new SimpleType("text");
    public static readonly PolicyType Date = new SimpleType("date");
    public static readonly PolicyType Period = new SimpleType("period");
    public static readonly PolicyType Error = new ErrorType();

    public static readonly NumericType Number = new(Dimension.None, NumberKind.Number);
    public static readonly NumericType Count = new(Dimension.None, NumberKind.Count);
    public static readonly NumericType Percent = new(Dimension.None, NumberKind.Percent);
    public static readonly NumericType Points = new(new Dimension(0, 1, 0), NumberKind.Number);
    public static readonly NumericType Money = new(new Dimension(1, 0, 0), NumberKind.Number);
    public static readonly NumericType Duration = new(new Dimension(0, 0, 1), NumberKind.Number);
    /// <summary>A number written without a unit: it takes the unit of whatever it is combined with.</summary>
    public static readonly NumericType Literal = new(Dimension.None, NumberKind.Number, IsLiteral: true);

    public static readonly ImmutableDictionary<string, PolicyType> BuiltIn = new Dictionary<string, PolicyType>
    {
        ["bool"] = Bool, ["text"] = Text, ["date"] = Date, ["period"] = Period,
        ["number"] = Number, ["count"] = Count, ["percent"] = Percent,
        ["points"] = Points, ["money"] = Money, ["duration"] = Duration,
    }.ToImmutableDictionary();
}

public sealed record SimpleType(string Name) : PolicyType
{
    public override string Display => Name;
}

/// <summary>Stands for a type that could not be determined; it matches anything so one mistake is reported once.</summary>
public sealed record ErrorType : PolicyType
{
    public override string Display => "?";
}

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

public sealed record EnumType(string Name, ImmutableArray<string> Members) : PolicyType
{
    public override string Display => Name;
    public bool Equals(EnumType? other) => other is not null && other.Name == Name;
    public override int GetHashCode() => Name.GetHashCode(StringComparison.Ordinal);
}

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

public sealed record ListType(PolicyType Element) : PolicyType
{
    public override string Display => $"list of {Element.Display}";
}

/// <summary>The type of a record literal in a test, before it is matched to a record type.</summary>
public sealed record AnonymousRecordType : PolicyType
{
    public override string Display => "record";
}

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
