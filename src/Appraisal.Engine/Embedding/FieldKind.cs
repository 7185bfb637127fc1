
namespace Appraisal.Engine.Embedding;

/// <summary>What kind of value an input, record field or output holds, and so how a fact of it is given.</summary>
public enum FieldKind
{
    /// <summary>A plain number.</summary>
    Number,
    /// <summary>A whole number of at least 0.</summary>
    Count,
    /// <summary>A percentage, held as the fraction (0.06 is 6%).</summary>
    Percent,
    /// <summary>An amount of money in yuan.</summary>
    Money,
    /// <summary>Points (分).</summary>
    Points,
    /// <summary>A duration in hours.</summary>
    Duration,
    /// <summary>A number with a compound unit (e.g. money per point), as outputs may have.</summary>
    Quantity,
    /// <summary>true or false.</summary>
    Bool,
    /// <summary>A string.</summary>
    Text,
    /// <summary>A date (<c>2026-03-20</c>).</summary>
    Date,
    /// <summary>A period (<c>2026-Q1</c>, <c>2026-H1</c>, <c>2026-03</c>, <c>2026</c>).</summary>
    Period,
    /// <summary>A member of a policy enum, by name.</summary>
    Enum,
    /// <summary>A record with named fields.</summary>
    Record,
    /// <summary>A list.</summary>
    List,
}
