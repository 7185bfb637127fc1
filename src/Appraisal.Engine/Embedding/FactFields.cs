using System.Globalization;
using Appraisal.Engine.Values;
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
    // The fields as the tokens of a JSON object without its braces: each name, then its value's tokens.
    private readonly List<BuiltToken> _tokens;

    private protected FactFields(int expectedFields = 4)
    {
        _tokens = new List<BuiltToken>(2 * expectedFields); // a name and a scalar per field, usually
    }

    /// <summary>A number: a count, points, money in yuan, a duration in hours, a percent as the fraction (0.06 is 6%).</summary>
    public TSelf Set(string name, decimal value) => Add(name, BuiltToken.Of(value));

    /// <summary>A whole number: a count, points, money in yuan, a duration in hours.</summary>
    public TSelf Set(string name, int value) => Add(name, BuiltToken.Of((decimal)value));

    /// <summary>A whole number: a count, points, money in yuan, a duration in hours.</summary>
    public TSelf Set(string name, long value) => Add(name, BuiltToken.Of((decimal)value));

    /// <summary>A bool input.</summary>
    public TSelf Set(string name, bool value) => Add(name, BuiltToken.Of(value));

    /// <summary>
    /// A string, read as JSON reads one: text, an enum member by name (<c>"良"</c>), a period (<c>"2026-Q1"</c>), a date
    /// (<c>"2026-03-20"</c>), or a quantity with its unit (<c>"6%"</c>, <c>"1000 yuan"</c>, <c>"3d"</c>, <c>"20分"</c>).
    /// </summary>
    public TSelf Set(string name, string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return Add(name, BuiltToken.Of(value));
    }

    /// <summary>A date input.</summary>
    public TSelf Set(string name, DateOnly value) =>
        Add(name, BuiltToken.Of(value));

    /// <summary>A period input (<c>2026-Q1</c>).</summary>
    public TSelf Set(string name, PeriodValue value) => Add(name, BuiltToken.Of(value.ToString()));

    /// <summary>A duration input, as the JSON forms write it: whole hours, whole minutes (<c>"30min"</c>), or hours.</summary>
    public TSelf Set(string name, TimeSpan value) => Add(name, BuiltToken.Of(value));

    /// <summary>An enum input by its member's name: a C# enum whose member names are the policy enum's.</summary>
    public TSelf Set<TEnum>(string name, TEnum member) where TEnum : struct, Enum =>
        Add(name, BuiltToken.Of(member.ToString()));

    /// <summary>A percent written as a number of per cent: <c>SetPercent("退款率", 6)</c> is 6% (as <c>"6%"</c> in JSON).</summary>
    public TSelf SetPercent(string name, decimal percent) => Add(name, BuiltToken.Percent(percent));

    /// <summary>A record: its fields set by <paramref name="fields"/>; fields left out take the record's defaults.</summary>
    public TSelf Set(string name, Action<FactRecordBuilder> fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        var record = new FactRecordBuilder();
        fields(record);
        Name(name);
        record.WriteObject(_tokens);
        return (TSelf)this;
    }

    /// <summary>A list, its items added by <paramref name="items"/> (records, numbers, strings…).</summary>
    public TSelf SetList(string name, Action<FactListBuilder> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        var list = new FactListBuilder();
        items(list);
        Name(name);
        list.WriteArray(_tokens);
        return (TSelf)this;
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
    public TSelf SetDefault(string name) => Add(name, BuiltToken.Null);

    private TSelf Add(string name, BuiltToken value)
    {
        Name(name);
        _tokens.Add(value);
        return (TSelf)this;
    }

    private void Name(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        _tokens.Add(BuiltToken.Property(name));
    }

    /// <summary>The fields without the object's braces (what <see cref="BuiltFactTokens"/> reads).</summary>
    private protected List<BuiltToken> Fields => _tokens;

    /// <summary>Appends the fields as a JSON object's tokens.</summary>
    internal void WriteObject(List<BuiltToken> tokens)
    {
        tokens.Add(BuiltToken.StartObject);
        tokens.AddRange(_tokens);
        tokens.Add(BuiltToken.EndObject);
    }
}
