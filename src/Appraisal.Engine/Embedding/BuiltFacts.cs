using System.Globalization;
using Appraisal.Engine.Facts;

namespace Appraisal.Engine.Embedding;

/// <summary>
/// One token of facts set through a fact builder, as a JSON document with the same values would hold it at its place
/// (numbers already decimals). Kept in a flat list so that the builder's facts are validated by the same
/// <see cref="FactDocumentReader{TTokens}"/> as JSON facts, without boxing a value or making a JSON reader.
/// </summary>
internal readonly record struct BuiltToken(FactToken Token, decimal Number = 0m, bool Bool = false, string? Text = null)
{
    public static readonly BuiltToken StartObject = new(FactToken.StartObject);
    public static readonly BuiltToken EndObject = new(FactToken.EndObject);
    public static readonly BuiltToken StartArray = new(FactToken.StartArray);
    public static readonly BuiltToken EndArray = new(FactToken.EndArray);
    public static readonly BuiltToken Null = new(FactToken.Null);

    public static BuiltToken Property(string name) => new(FactToken.Property, Text: name);
    public static BuiltToken Of(decimal number) => new(FactToken.Number, Number: number);
    public static BuiltToken Of(bool value) => new(FactToken.Bool, Bool: value);
    public static BuiltToken Of(string text) => new(FactToken.String, Text: text);

    /// <summary>A percent written as a number of per cent, as the string <c>"6%"</c> would be read.</summary>
    public static BuiltToken Percent(decimal percent) => Of(percent.ToString(CultureInfo.InvariantCulture) + "%");

    public static BuiltToken Of(DateOnly date) => Of(date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));

    /// <summary>A duration as a JSON document would give it (whole hours, whole minutes, or hours), so the reader's own conversion applies.</summary>
    public static BuiltToken Of(TimeSpan value)
    {
        if (value.Ticks % TimeSpan.TicksPerHour == 0) return Of((decimal)(value.Ticks / TimeSpan.TicksPerHour));
        if (value.Ticks % TimeSpan.TicksPerMinute == 0)
            return Of((value.Ticks / TimeSpan.TicksPerMinute).ToString(CultureInfo.InvariantCulture) + "min");
        return Of((decimal)value.Ticks / TimeSpan.TicksPerHour);
    }
}

/// <summary>
/// The tokens of a builder's object — its fields between an implied <c>{</c> and <c>}</c> — read one at a time by the
/// fact reader. The builder makes only balanced tokens, so the input never ends inside a value.
/// </summary>
internal struct BuiltFactTokens(List<BuiltToken> fields) : IFactTokens
{
    // -1: the implied StartObject; fields.Count: the implied EndObject; beyond: the end.
    private int _next = -1;
    private BuiltToken _current;

    public readonly FactToken Token => _current.Token;
    public readonly decimal Number => _current.Number;
    public readonly bool Bool => _current.Bool;

    /// <summary>A name or string as given; a number as the reader would show it (made only when asked: for a message).</summary>
    public readonly string Text => _current.Text ?? (_current.Token == FactToken.Number ? _current.Number.ToString(CultureInfo.InvariantCulture) : "");

    public readonly bool TryCopy(scoped Span<char> destination, out int written)
    {
        var text = _current.Text ?? "";
        written = text.Length;
        return text.AsSpan().TryCopyTo(destination);
    }

    public readonly int IndexIn(NameTable names) => names.IndexOf(_current.Text ?? "");

    public bool Read()
    {
        var index = _next++;
        if (index > fields.Count)
        {
            _current = new BuiltToken(FactToken.End);
            return false;
        }
        _current = index < 0 ? BuiltToken.StartObject : index == fields.Count ? BuiltToken.EndObject : fields[index];
        return true;
    }

    public readonly MalformedFactsException CutShort() =>
        throw new InvalidOperationException("a fact builder made unbalanced tokens"); // a bug here, never the caller's input
}
