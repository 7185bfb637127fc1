using System.Globalization;
using Appraisal.Engine.Values;
using Newtonsoft.Json;
using Appraisal.Engine.Evaluation;

namespace Appraisal.Engine.Embedding;

/// <summary>
/// The items of a list fact, in order. Items are taken as a JSON array would hold them and validated when the facts
/// are built (errors at <c>$.投诉[2].结果</c>).
/// </summary>
public sealed class FactListBuilder
{
    private readonly List<FactNode> _items = [];

    internal FactListBuilder()
    {
        Node = new ListNode(this);
    }

    internal FactNode Node { get; }

    /// <summary>A number item (see <see cref="FactFields{TSelf}.Set(string, decimal)"/>).</summary>
    public FactListBuilder Add(decimal item) => Item(FactNode.Scalar(JsonToken.Float, item));

    /// <summary>A whole-number item.</summary>
    public FactListBuilder Add(int item) => Item(FactNode.Scalar(JsonToken.Integer, (long)item));

    /// <summary>A whole-number item.</summary>
    public FactListBuilder Add(long item) => Item(FactNode.Scalar(JsonToken.Integer, item));

    /// <summary>A bool item.</summary>
    public FactListBuilder Add(bool item) => Item(FactNode.Scalar(JsonToken.Boolean, item));

    /// <summary>A string item: text, an enum member by name, a period, a date, a quantity with its unit.</summary>
    public FactListBuilder Add(string item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return Item(FactNode.Scalar(JsonToken.String, item));
    }

    /// <summary>A date item.</summary>
    public FactListBuilder Add(DateOnly item) => Item(FactNode.Scalar(JsonToken.String, item.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));

    /// <summary>A period item.</summary>
    public FactListBuilder Add(PeriodValue item) => Item(FactNode.Scalar(JsonToken.String, item.ToString()));

    /// <summary>A duration item.</summary>
    public FactListBuilder Add(TimeSpan item) => Item(FactNode.Duration(item));

    /// <summary>An enum member by name.</summary>
    public FactListBuilder Add<TEnum>(TEnum member) where TEnum : struct, Enum => Item(FactNode.Scalar(JsonToken.String, member.ToString()));

    /// <summary>A percent item written as a number of per cent (6 is 6%).</summary>
    public FactListBuilder AddPercent(decimal percent) => Item(FactNode.Percent(percent));

    /// <summary>A record item, its fields set by <paramref name="fields"/>.</summary>
    public FactListBuilder AddRecord(Action<FactRecordBuilder> fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        var record = new FactRecordBuilder();
        fields(record);
        return Item(record.Node);
    }

    /// <summary>A list item (for a list of lists).</summary>
    public FactListBuilder AddList(Action<FactListBuilder> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        var list = new FactListBuilder();
        items(list);
        return Item(list.Node);
    }

    /// <summary>A <c>null</c> item, as JSON can hold one (always an error: list items have no default).</summary>
    public FactListBuilder AddNull() => Item(FactNode.Scalar(JsonToken.Null, null));

    private FactListBuilder Item(FactNode item)
    {
        _items.Add(item);
        return this;
    }

    private sealed class ListNode(FactListBuilder list) : FactNode
    {
        public override void WriteTokens(List<(JsonToken Token, object? Value)> tokens)
        {
            tokens.Add((JsonToken.StartArray, null));
            foreach (var item in list._items) item.WriteTokens(tokens);
            tokens.Add((JsonToken.EndArray, null));
        }
    }
}
