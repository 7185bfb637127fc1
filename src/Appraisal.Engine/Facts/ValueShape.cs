using Appraisal.Policy.Semantics;

namespace Appraisal.Engine.Facts;

/// <summary>What kind of value the fact reader reads for a field: decided once per type when the schema is built.</summary>
internal enum ShapeKind { Number, Bool, Text, Date, Period, Enum, Record, List, Other }

/// <summary>
/// How the fact reader reads a value of one type, worked out once when the schema is built so that reading a value
/// asks nothing of the type itself: its kind, a number's unit, an enum's members as UTF-8, a record's fields, a list's
/// items. Built by <see cref="InputSchema"/> for every field it has, records and lists included.
/// </summary>
internal sealed class ValueShape(PolicyType type, ShapeKind kind)
{
    public PolicyType Type { get; } = type;
    public ShapeKind Kind { get; } = kind;

    /// <summary>The unit of a number (<see cref="ShapeKind.Number"/>).</summary>
    public QuantityUnit Unit { get; init; }

    /// <summary>An enum's members (<see cref="ShapeKind.Enum"/>).</summary>
    public NameTable? Members { get; init; }

    /// <summary>A record's fields (<see cref="ShapeKind.Record"/>).</summary>
    public FieldLookup? Fields { get; init; }

    /// <summary>A list's items (<see cref="ShapeKind.List"/>).</summary>
    public ValueShape? Element { get; init; }
}
