using System.Globalization;
using Appraisal.Policy.Semantics;
using Appraisal.Policy.Syntax;
using Appraisal.Engine.Evaluation;

namespace Appraisal.Engine.Values;

/// <summary>
/// One runtime value. Every number is a <see cref="decimal"/> (5% is 0.05, durations are hours, money is yuan):
/// never binary floating point. The unit of a number is known from the checked program, not stored here.
/// </summary>
public readonly struct Value : IEquatable<Value>
{
    private readonly decimal _number;
    private readonly object? _ref;
    private readonly int _int;

    private Value(ValueKind kind, decimal number = 0m, object? reference = null, int integer = 0)
    {
        Kind = kind;
        _number = number;
        _ref = reference;
        _int = integer;
    }

    public ValueKind Kind { get; }

    public static readonly Value Missing = default;
    public static readonly Value True = new(ValueKind.Bool, integer: 1);
    public static readonly Value False = new(ValueKind.Bool, integer: 0);

    public static Value Of(bool value) => value ? True : False;
    public static Value Of(decimal value) => new(ValueKind.Number, value);
    public static Value Of(string text) => new(ValueKind.Text, reference: text);
    public static Value Of(DateOnly date) => new(ValueKind.Date, integer: date.DayNumber);
    public static Value Of(PeriodValue period) => new(ValueKind.Period, reference: period);
    public static Value Of(EnumType type, int index) => new(ValueKind.Enum, reference: type, integer: index);
    public static Value Of(RecordValue record) => new(ValueKind.Record, reference: record);
    public static Value Of(Value[] items) => new(ValueKind.List, reference: items);

    public bool IsMissing => Kind == ValueKind.Missing;
    public bool AsBool => Kind == ValueKind.Bool ? _int != 0 : throw WrongKind(ValueKind.Bool);
    public decimal AsNumber => Kind == ValueKind.Number ? _number : throw WrongKind(ValueKind.Number);
    public string AsText => Kind == ValueKind.Text ? (string)_ref! : throw WrongKind(ValueKind.Text);
    public DateOnly AsDate => Kind == ValueKind.Date ? DateOnly.FromDayNumber(_int) : throw WrongKind(ValueKind.Date);
    public PeriodValue AsPeriod => Kind == ValueKind.Period ? (PeriodValue)_ref! : throw WrongKind(ValueKind.Period);
    public int EnumIndex => Kind == ValueKind.Enum ? _int : throw WrongKind(ValueKind.Enum);
    public EnumType EnumType => Kind == ValueKind.Enum ? (EnumType)_ref! : throw WrongKind(ValueKind.Enum);
    public string EnumMember => EnumType.Members[EnumIndex];
    public RecordValue AsRecord => Kind == ValueKind.Record ? (RecordValue)_ref! : throw WrongKind(ValueKind.Record);
    public Value[] AsList => Kind == ValueKind.List ? (Value[])_ref! : throw WrongKind(ValueKind.List);

    private InvalidOperationException WrongKind(ValueKind expected) =>
        new($"internal error: a {Kind} value was used as {expected}; the checker should have prevented this");

    /// <summary>Orders two values of the same kind (numbers, dates, periods, enum members, text).</summary>
    public int CompareTo(Value other) => (Kind, other.Kind) switch
    {
        (ValueKind.Number, ValueKind.Number) => _number.CompareTo(other._number),
        (ValueKind.Date, ValueKind.Date) or (ValueKind.Enum, ValueKind.Enum) or (ValueKind.Bool, ValueKind.Bool) => _int.CompareTo(other._int),
        (ValueKind.Period, ValueKind.Period) => AsPeriod.CompareTo(other.AsPeriod),
        (ValueKind.Text, ValueKind.Text) => string.CompareOrdinal(AsText, other.AsText),
        _ => throw new InvalidOperationException($"internal error: cannot order {Kind} and {other.Kind}"),
    };

    public bool Equals(Value other)
    {
        if (Kind != other.Kind) return false;
        return Kind switch
        {
            ValueKind.Missing => true,
            ValueKind.Number => _number == other._number,
            ValueKind.Bool or ValueKind.Date => _int == other._int,
            ValueKind.Enum => _int == other._int && EnumType.Name == other.EnumType.Name,
            ValueKind.Text => AsText == other.AsText,
            ValueKind.Period => AsPeriod == other.AsPeriod,
            ValueKind.List => AsList.AsSpan().SequenceEqual(other.AsList),
            ValueKind.Record => AsRecord.Type.Name == other.AsRecord.Type.Name && AsRecord.Fields.AsSpan().SequenceEqual(other.AsRecord.Fields),
            _ => false,
        };
    }

    public override bool Equals(object? obj) => obj is Value other && Equals(other);

    public override int GetHashCode() => Kind switch
    {
        ValueKind.Number => _number.GetHashCode(),
        ValueKind.Text => AsText.GetHashCode(StringComparison.Ordinal),
        ValueKind.Period => AsPeriod.GetHashCode(),
        _ => HashCode.Combine(Kind, _int),
    };

    public static bool operator ==(Value left, Value right) => left.Equals(right);
    public static bool operator !=(Value left, Value right) => !left.Equals(right);

    /// <summary>A plain rendering for logs and debugging; <see cref="ValueFormat"/> renders with units.</summary>
    public override string ToString() => Kind switch
    {
        ValueKind.Missing => "missing",
        ValueKind.Bool => AsBool ? "true" : "false",
        ValueKind.Number => _number.ToString(CultureInfo.InvariantCulture),
        ValueKind.Text => AsText,
        ValueKind.Date => AsDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        ValueKind.Period => AsPeriod.ToString(),
        ValueKind.Enum => EnumMember,
        ValueKind.List => "[" + string.Join(", ", AsList.Select(v => v.ToString())) + "]",
        ValueKind.Record => RecordText(AsRecord),
        _ => "?",
    };

    private static string RecordText(RecordValue record) =>
        "{" + string.Join(", ", record.Type.Fields.Select((f, i) => $"{f.Name}: {record.Fields[i]}")) + "}";
}
