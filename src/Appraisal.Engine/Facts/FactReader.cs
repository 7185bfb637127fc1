using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text;
using Appraisal.Engine.Values;
using Appraisal.Policy.Semantics;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using Appraisal.Policy.Text;

namespace Appraisal.Engine.Facts;

/// <summary>
/// Reads one fact set — a JSON object with one field per input — against a policy's <see cref="InputSchema"/>, and
/// returns either the facts by input slot or every violation at once.
/// </summary>
/// <remarks>
/// <para>Numbers are read as decimals and never pass through binary floating point: <c>1000.10</c> stays 1000.10.
/// Numeric inputs take a JSON number or a string with the unit:</para>
/// <list type="bullet">
/// <item>money: <c>1000</c>, <c>1000.50</c>, <c>"1000.50"</c>, <c>"1000 yuan"</c>, <c>"1000元"</c>, <c>"¥1000"</c> (yuan);</item>
/// <item>percent: a JSON number is the <b>fraction</b> itself, <c>0.032</c> is 3.2%; a string may be <c>"3.2%"</c>
/// or the fraction <c>"0.032"</c>. A fraction above 1 (or below -1) is rejected — <c>3.2</c> is almost always meant
/// as 3.2% — unless the input's declared range reaches beyond 100%; <c>"120%"</c> is always read as written;</item>
/// <item>points: <c>20</c>, <c>"20"</c>, <c>"20分"</c>, <c>"20 pts"</c>;</item>
/// <item>count: a whole number of at least 0 (<c>3</c> or <c>"3"</c>; <c>1.5</c> and <c>-1</c> are errors);</item>
/// <item>duration, in hours: <c>24</c>, <c>"24h"</c>, <c>"3d"</c>, <c>"30min"</c>, <c>"3天"</c>, <c>"24小时"</c>, <c>"30分钟"</c>;</item>
/// <item>number: a JSON number or a numeric string.</item>
/// </list>
/// <para>Other types: date <c>"2026-03-20"</c> (the day must exist); period <c>"2026-Q1"</c>, <c>"2026-H1"</c>,
/// <c>"2026-03"</c>, <c>"2026"</c>; bool <c>true</c>/<c>false</c> only; text a string; enum the member's name;
/// record a JSON object checked field by field (unknown fields and missing required fields are errors; absent
/// optional fields take the record's defaults); list a JSON array. Declared ranges are checked, both ends included.</para>
/// <para>A top-level field that is not an input is an error unless <see cref="FactLimits.AllowUnknownFields"/>.
/// A missing required input is an error; <c>null</c> means "use the default" for an optional input or record field
/// and is an error for a required one. A key given twice in one object is an error.</para>
/// <para>JSON text must be strict JSON (RFC 8259): comments, trailing commas, single quotes, unquoted names, NaN are
/// malformed. A number that is not zero but too small for a decimal (<c>1e-400</c>) is an error, like one too large.
/// Malformed JSON gives exactly one error, with the line and column. A document larger than a
/// <see cref="FactLimits">limit</see> gives an error of kind <see cref="FactErrorKind.LimitExceeded"/>.</para>
/// <para>A JSON number with more than 28–29 significant digits is rounded by the JSON reader before it reaches
/// us (strings are checked exactly: send exact amounts as strings if they may be that long).</para>
/// </remarks>
public static class FactReader
{
    /// <summary>Reads facts from JSON text.</summary>
    [SkipLocalsInit] // the UTF-8 copy is written before it is read
    public static FactReadResult Read(InputSchema schema, string json, FactLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(json);
        limits ??= FactLimits.Default;
        if (json.Length > limits.MaxJsonChars) return TooLong(limits, json.Length);
        // The UTF-8 copy is on the stack for a usual document, else a pooled buffer.
        var size = Encoding.UTF8.GetMaxByteCount(json.Length);
        byte[]? rented = null;
        Span<byte> buffer = size <= StackBytes ? stackalloc byte[size] : (rented = ArrayPool<byte>.Shared.Rent(size));
        try
        {
            var length = Encoding.UTF8.GetBytes(json, buffer);
            return new FactDocumentReader<Utf8FactTokens>(schema, new Utf8FactTokens(buffer[..length]), limits).Run();
        }
        finally
        {
            if (rented is not null) ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>Reads facts from JSON text in UTF-8 (a request body, a file), without decoding it first.</summary>
    public static FactReadResult Read(InputSchema schema, ReadOnlySpan<byte> utf8Json, FactLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(schema);
        limits ??= FactLimits.Default;
        // A character is at least one byte: only a longer document needs counting.
        if (utf8Json.Length > limits.MaxJsonChars && Encoding.UTF8.GetCharCount(utf8Json) is var chars && chars > limits.MaxJsonChars)
        {
            return TooLong(limits, chars);
        }
        return new FactDocumentReader<Utf8FactTokens>(schema, new Utf8FactTokens(utf8Json), limits).Run();
    }

    private const int StackBytes = 4096;

    private static FactReadResult TooLong(FactLimits limits, int chars) =>
        new(null, [FactMessages.Error(JsonPath.Root, FactMessages.SizeLimit(limits.MaxJsonChars), FactMessages.Characters(chars), FactErrorKind.LimitExceeded)]);

    /// <summary>
    /// Reads facts already parsed into a <see cref="JObject"/>. A number held as a <see cref="double"/> is taken at its
    /// shortest round-trip text, so 0.1 reads as 0.1; send exact amounts as strings.
    /// </summary>
    public static FactReadResult Read(InputSchema schema, JObject facts, FactLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(facts);
        using var reader = facts.CreateReader();
        return Read(schema, reader, limits);
    }

    /// <summary>
    /// Reads facts from any <see cref="JsonReader"/> positioned before the document (the fact builder's tokens, a
    /// <see cref="JObject"/>'s reader). The reader is switched to decimal numbers, no date parsing and no depth limit of
    /// its own (ours applies).
    /// </summary>
    public static FactReadResult Read(InputSchema schema, JsonReader reader, FactLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(reader);
        return new FactDocumentReader<JsonReaderFactTokens>(schema, new JsonReaderFactTokens(reader), limits ?? FactLimits.Default).Run();
    }

    /// <summary>
    /// The rules of fact documents applied to a whole JSON document that may carry facts (the REST face's request body,
    /// whose facts object the transcoder would otherwise read with the last of two equal keys winning): the place it is
    /// not strict JSON, else every key given twice in an object and every nonzero number too small for a decimal.
    /// </summary>
    public static IReadOnlyList<FactError> StrictJsonViolations(byte[] utf8Json)
    {
        ArgumentNullException.ThrowIfNull(utf8Json);
        return StrictJson.Violations(utf8Json);
    }
}
