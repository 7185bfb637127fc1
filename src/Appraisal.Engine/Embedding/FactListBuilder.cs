using System.Globalization;
using Appraisal.Engine.Values;
using Appraisal.Engine.Evaluation;

namespace Appraisal.Engine.Embedding;

/// <summary>
/// The items of a list fact, in order. Items are taken as a JSON array would hold them and validated when the facts
/// are built (errors at <c>$.投诉[2].结果</c>).
/// </summary>
public sealed class FactListBuilder
{
    private readonly List<BuiltToken> _items = [];

    internal FactListBuilder()
    {
    }

    /// <summary>A number item (see <see cref="FactFields{TSelf}.Set(string, decimal)"/>).</summary>
    public FactListBuilder Add(decimal item) => Item(BuiltToken.Of(item));

    /// <summary>A whole-number item.</summary>
    public FactListBuilder Add(int item) => Item(BuiltToken.Of((decimal)item));

    /// <summary>A whole-number item.</summary>
    public FactListBuilder Add(long item) => Item(BuiltToken.Of((decimal)item));

    /// <summary>A bool item.</summary>
    public FactListBuilder Add(bool item) => Item(BuiltToken.Of(item));

    /// <summary>A string item: text, an enum member by name, a period, a date, a quantity with its unit.</summary>
    public FactListBuilder Add(string item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return Item(BuiltToken.Of(item));
    }

    /// <summary>A date item.</summary>
    public FactListBuilder Add(DateOnly item) => Item(BuiltToken.Of(item));

    /// <summary>A period item.</summary>
    public FactListBuilder Add(PeriodValue item) => Item(BuiltToken.Of(item.ToString()));

    /// <summary>A duration item.</summary>
    public FactListBuilder Add(TimeSpan item) => Item(BuiltToken.Of(item));

    /// <summary>An enum member by name.</summary>
    public FactListBuilder Add<TEnum>(TEnum member) where TEnum : struct, Enum => Item(BuiltToken.Of(member.ToString()));

    /// <summary>A percent item written as a number of per cent (6 is 6%).</summary>
    public FactListBuilder AddPercent(decimal percent) => Item(BuiltToken.Percent(percent));

    /// <summary>A record item, its fields set by <paramref name="fields"/>.</summary>
    public FactListBuilder AddRecord(Action<FactRecordBuilder> fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        var record = new FactRecordBuilder();
        fields(record);
        record.WriteObject(_items);
        return this;
    }

    /// <summary>A list item (for a list of lists).</summary>
    public FactListBuilder AddList(Action<FactListBuilder> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        var list = new FactListBuilder();
        items(list);
        list.WriteArray(_items);
        return this;
    }

    /// <summary>A <c>null</c> item, as JSON can hold one (always an error: list items have no default).</summary>
    public FactListBuilder AddNull() => Item(BuiltToken.Null);

    private FactListBuilder Item(BuiltToken item)
    {
        _items.Add(item);
        return this;
    }

    /// <summary>Appends the items as a JSON array's tokens.</summary>
    internal void WriteArray(List<BuiltToken> tokens)
    {
        tokens.Add(BuiltToken.StartArray);
        tokens.AddRange(_items);
        tokens.Add(BuiltToken.EndArray);
    }
}
