using Appraisal.Policy.Text;

namespace Appraisal.Engine.Facts;

/// <summary>What a fact document holds at one point, as the fact reader sees it (after numbers are read as decimals).</summary>
internal enum FactToken
{
    End, StartObject, EndObject, StartArray, EndArray,
    /// <summary>A container JSON has not (a Newtonsoft constructor); described by <see cref="IFactTokens.Text"/>.</summary>
    StartOther, EndOther,
    Property, String, Number, Bool, Null,
    /// <summary>A JSON number a decimal cannot hold; <see cref="IFactTokens.Text"/> is its literal.</summary>
    TooLarge,
    /// <summary>A JSON number that is not zero but closer to 0 than a decimal can hold; <see cref="IFactTokens.Text"/> is its literal.</summary>
    TooSmall,
    Other,
}

/// <summary>
/// The tokens of one fact document, one at a time: JSON text as UTF-8 (<see cref="Utf8FactTokens"/>, the hot path) or
/// any Newtonsoft <c>JsonReader</c> (<see cref="JsonReaderFactTokens"/>: a <c>JObject</c>, the fact builder). The fact
/// reader (<see cref="FactDocumentReader{TTokens}"/>) follows the schema over either, so both are read by one set of rules.
/// </summary>
internal interface IFactTokens
{
    /// <summary>Moves to the next token; false at the end of the input. Throws <see cref="MalformedFactsException"/>.</summary>
    bool Read();

    FactToken Token { get; }

    /// <summary>The value of a <see cref="FactToken.Number"/>, exactly as written (scale included).</summary>
    decimal Number { get; }

    bool Bool { get; }

    /// <summary>A name or string as text; a number as the reader took it; a literal that could not be read as written.</summary>
    string Text { get; }

    /// <summary>Copies a name or string into <paramref name="destination"/> without making a string; false when it does not fit.</summary>
    bool TryCopy(scoped Span<char> destination, out int written);

    /// <summary>
    /// The index of the current name or string in <paramref name="names"/> (an object's fields, an enum's members), or
    /// -1: found the way this source holds its text, without making a string where it can.
    /// </summary>
    int IndexIn(NameTable names);

    /// <summary>The error for an input that ends inside an object or a list.</summary>
    MalformedFactsException CutShort();
}

/// <summary>The document is not well-formed JSON: the reader's reason, with the line and column in characters from 1.</summary>
internal sealed class MalformedFactsException(string reason, long line, long column) : Exception(reason)
{
    public Bilingual Found { get; } = new($"{reason} (line {line}, column {column})", $"{reason}（第 {line} 行第 {column} 列）");
}
