using System.Globalization;
using Appraisal.Engine.Values;
using Newtonsoft.Json;
using Appraisal.Engine.Evaluation;

namespace Appraisal.Engine.Embedding;

/// <summary>
/// The fields of a fact object — the whole fact set (<see cref="FactBuilder"/>) or a record inside it
/// (<see cref="FactRecordBuilder"/>) — set by name. Values are taken as a JSON fact document would hold them and
/// validated when the facts are built, by the same reader as JSON facts: the same kinds, units, ranges, enum members,
/// defaults, limits and errors at the same paths (<c>$.考勤.迟到</c>). Setting a name twice is an error, like a key given
/// twice in JSON. Nothing is checked here, so no setter throws for a bad value; only null arguments throw.
/// </summary>
/// <typeparam name="TSelf">The builder itself, so that calls chain.</typeparam>
public abstract class FactFields<TSelf> where TSelf : FactFields<TSelf>
{
    private readonly List<(string Name, FactNode Value)> _fields = [];

    private protected FactFields()
    {
    }

    /// <summary>A number: a count, points, money in yuan, a duration in hours, a percent as the fraction (0.06 is 6%).</summary>
    public TSelf Set(string name, decimal value) => Add(name, FactNode.Scalar(JsonToken.Float, value));

    /// <summary>A whole number: a count, points, money in yuan, a duration in hours.</summary>
    public TSelf Set(string name, int value) => Add(name, FactNode.Scalar(JsonToken.Integer, (long)value));

    /// <summary>A whole number: a count, points, money in yuan, a duration in hours.</summary>
    public TSelf Set(string name, long value) => Add(name, FactNode.Scalar(JsonToken.Integer, value));

    /// <summary>A bool input.</summary>
    public TSelf Set(string name, bool value) => Add(name, FactNode.Scalar(JsonToken.Boolean, value));

    /// <summary>
    /// A string, read as JSON reads one: text, an enum member by name (<c>"良"</c>), a period (<c>"2026-Q1"</c>), a date
    /// (<c>"2026-03-20"</c>), or a quantity with its unit (<c>"6%"</c>, <c>"1000 yuan"</c>, <c>"3d"</c>, <c>"20分"</c>).
    /// </summary>
    public TSelf Set(string name, string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return Add(name, FactNode.Scalar(JsonToken.String, value));
    }

    /// <summary>A date input.</summary>
    public TSelf Set(string name, DateOnly value) =>
        Add(name, FactNode.Scalar(JsonToken.String, value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));

    /// <summary>A period input (<c>2026-Q1</c>).</summary>
    public TSelf Set(string name, PeriodValue value) => Add(name, FactNode.Scalar(JsonToken.String, value.ToString()));

    /// <summary>A duration input, as the JSON forms write it: whole hours, whole minutes (<c>"30min"</c>), or hours.</summary>
    public TSelf Set(string name, TimeSpan value) => Add(name, FactNode.Duration(value));

    /// <summary>An enum input by its member's name: a C# enum whose member names are the policy enum's.</summary>
    public TSelf Set<TEnum>(string name, TEnum member) where TEnum : struct, Enum =>
        Add(name, FactNode.Scalar(JsonToken.String, member.ToString()));

    /// <summary>A percent written as a number of per cent: <c>SetPercent("退款率", 6)</c> is 6% (as <c>"6%"</c> in JSON).</summary>
    public TSelf SetPercent(string name, decimal percent) => Add(name, FactNode.Percent(percent));

    /// <summary>A record: its fields set by <paramref name="fields"/>; fields left out take the record's defaults.</summary>
    public TSelf Set(string name, Action<FactRecordBuilder> fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        var record = new FactRecordBuilder();
        fields(record);
        return Add(name, record.Node);
    }

    /// <summary>A list, its items added by <paramref name="items"/> (records, numbers, strings…).</summary>
    public TSelf SetList(string name, Action<FactListBuilder> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        var list = new FactListBuilder();
        items(list);
        return Add(name, list.Node);
    }

    /// <summary>A list of numbers (points, money, counts…).</summary>
    public TSelf SetList(string name, params IEnumerable<decimal> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        return SetList(name, list =>
        {
            foreach (var item in items) list.Add(item);
        });
    }

    /// <summary>A list of strings (enum members, text, quantities with units).</summary>
    public TSelf SetList(string name, params IEnumerable<string> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        return SetList(name, list =>
        {
            foreach (var item in items) list.Add(item);
        });
    }

    /// <summary>
    /// The field's default, as JSON <c>null</c> asks for it: an optional input or record field takes its default; for a
    /// required one this is an error.
    /// </summary>
    public TSelf SetDefault(string name) => Add(name, FactNode.Scalar(JsonToken.Null, null));

    private TSelf Add(string name, FactNode value)
    {
        ArgumentNullException.ThrowIfNull(name);
        _fields.Add((name, value));
        return (TSelf)this;
    }

    /// <summary>The fields as a JSON object's tokens.</summary>
    private protected void WriteObject(List<(JsonToken Token, object? Value)> tokens)
    {
        tokens.Add((JsonToken.StartObject, null));
        foreach (var (name, value) in _fields)
        {
            tokens.Add((JsonToken.PropertyName, name));
            value.WriteTokens(tokens);
        }
        tokens.Add((JsonToken.EndObject, null));
    }
}
