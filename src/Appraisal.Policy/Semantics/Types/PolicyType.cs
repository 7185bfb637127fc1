using System.Collections.Immutable;

namespace Appraisal.Policy.Semantics;

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
