using System.Globalization;
using System.Text;
using System.Text.Json;
using Appraisal.Policy.Text;
using Appraisal.Engine.Evaluation;

namespace Appraisal.Engine.Facts;

/// <summary>
/// The rules of fact documents for a whole JSON document that may hold facts (a REST request body, read by the
/// transcoder before the fact reader sees its facts): strict JSON (RFC 8259), each key at most once, and no number
/// that is not zero but too small for a decimal (<c>1e-400</c> would silently read as 0). One pass of
/// <see cref="Utf8JsonReader"/>, strict by default. Fact documents themselves are read with the same reader
/// (<see cref="Utf8FactTokens"/>), which applies these rules as it goes.
/// </summary>
internal static class StrictJson
{
    /// <summary>
    /// Every way a whole JSON document (a REST body, which may hold facts) breaks the rules facts follow: the place it
    /// stops being strict JSON (then only that), or each key given twice in an object and each underflowing number.
    /// </summary>
    public static IReadOnlyList<FactError> Violations(byte[] utf8)
    {
        var (broken, underflows, repeated) = Walk(utf8);
        if (broken is not null) return [broken];
        return [.. repeated, .. underflows.Values.Select(u => u.Error)];
    }

    /// <summary>Where the walk is: in an array at an index, or in an object at a member (with the keys seen so far).</summary>
    private record struct Frame(bool Array, int Index, string? Name, HashSet<string>? Keys);

    private static (FactError? Broken, Dictionary<int, (string Literal, FactError Error)> Underflows, List<FactError> Repeated) Walk(
        ReadOnlySpan<byte> bytes)
    {
        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { MaxDepth = int.MaxValue });
        var frames = new List<Frame>();
        var underflows = new Dictionary<int, (string, FactError)>();
        var repeated = new List<FactError>();
        var numbers = 0;
        try
        {
            while (reader.Read())
            {
                var token = reader.TokenType;
                if (token is JsonTokenType.EndObject or JsonTokenType.EndArray)
                {
                    frames.RemoveAt(frames.Count - 1);
                    continue;
                }
                if (token == JsonTokenType.PropertyName)
                {
                    var keys = frames[^1].Keys!;
                    var name = Name(ref reader);
                    frames[^1] = new Frame(false, 0, name, keys);
                    if (!keys.Add(name)) repeated.Add(FactMessages.Error(Path(frames, bytes), FactMessages.KeyOnce, FactMessages.RepeatedKey));
                    continue;
                }
                if (frames.Count > 0 && frames[^1].Array) frames[^1] = frames[^1] with { Index = frames[^1].Index + 1 };
                if (token == JsonTokenType.StartObject) frames.Add(new Frame(false, 0, null, new HashSet<string>(StringComparer.Ordinal)));
                else if (token == JsonTokenType.StartArray) frames.Add(new Frame(true, -1, null, null));
                else if (token == JsonTokenType.Number)
                {
                    // Only a number with an exponent, or with more digits than a decimal keeps, can underflow: the
                    // usual "12.5" is not looked at again (this scan runs over every REST body).
                    var span = reader.ValueSpan; // one contiguous buffer: never a sequence
                    if (span.Length <= MaxPlainDigits && span.IndexOfAny((byte)'e', (byte)'E') < 0)
                    {
                        numbers++;
                        continue;
                    }
                    var literal = Encoding.UTF8.GetString(span);
                    if (Underflows(literal))
                        underflows[numbers] = (literal, FactMessages.Error(Path(frames, bytes), FactMessages.NonZeroDecimal, Bilingual.Same(literal)));
                    numbers++;
                }
            }
        }
        catch (JsonException e)
        {
            return (Broken(Encoding.UTF8.GetString(bytes), e, Path(frames, bytes)), underflows, repeated);
        }
        return (null, underflows, repeated);
    }

    /// <summary>A plain number this long (sign, point and 28 digits) is held by a decimal without rounding to 0.</summary>
    private const int MaxPlainDigits = 29;

    /// <summary>Not zero, yet a decimal holds it as 0: a nonzero digit before the exponent, and it parses to 0.</summary>
    private static bool Underflows(string literal)
    {
        var exponent = literal.IndexOfAny(['e', 'E']);
        var mantissa = exponent < 0 ? literal : literal[..exponent];
        return mantissa.Any(c => c is >= '1' and <= '9')
            && decimal.TryParse(literal, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value == 0m;
    }

    private static string Name(ref Utf8JsonReader reader)
    {
        try
        {
            return reader.GetString() ?? "";
        }
        catch (InvalidOperationException)
        {
            return Encoding.UTF8.GetString(reader.ValueSpan); // an escape that is no character (a lone surrogate): as written
        }
    }

    private static string Path(List<Frame> frames, ReadOnlySpan<byte> bytes)
    {
        var path = new StringBuilder(JsonPath.Root);
        foreach (var frame in frames)
        {
            if (frame.Array && frame.Index >= 0) path.Append(JsonPath.Index(frame.Index));
            else if (!frame.Array && frame.Name is { } name) path.Append(JsonPath.Member(name));
        }
        return path.ToString();
    }

    /// <summary>The reader's reason, with the line and the column in characters, both from 1, as the facts reader words it.</summary>
    private static FactError Broken(string json, JsonException e, string path)
    {
        var reason = e.Message;
        var cut = reason.IndexOf(" LineNumber:", StringComparison.Ordinal);
        if (cut >= 0) reason = reason[..cut];
        reason = reason.TrimEnd('.', ' ', '|');
        if (reason.EndsWith(" Path: $", StringComparison.Ordinal)) reason = reason[..^" Path: $".Length].TrimEnd('.', ' ');
        var line = (int)(e.LineNumber ?? 0);
        var lines = json.Split('\n');
        var text = line < lines.Length ? lines[line] : "";
        var lineBytes = Encoding.UTF8.GetBytes(text);
        var bytePosition = (int)Math.Min(e.BytePositionInLine ?? 0, lineBytes.Length);
        var column = Encoding.UTF8.GetCharCount(lineBytes, 0, bytePosition) + 1;
        return FactMessages.Error(path, FactMessages.WellFormed, new(
            $"{reason} (line {line + 1}, column {column})",
            $"{reason}（第 {line + 1} 行第 {column} 列）"));
    }
}
