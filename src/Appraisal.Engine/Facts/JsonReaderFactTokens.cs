using System.Globalization;
using System.Numerics;
using Newtonsoft.Json;

namespace Appraisal.Engine.Facts;

/// <summary>
/// The tokens of facts already in memory, through a Newtonsoft <see cref="JsonReader"/>: a <c>JObject</c>'s reader, or
/// the fact builder's tokens. Their numbers may be integers, decimals or doubles (a <c>JObject</c> built by someone
/// else), and a string a <c>JObject</c>'s parser took for a date is read back as the text it was.
/// </summary>
internal struct JsonReaderFactTokens : IFactTokens
{
    private readonly JsonReader _reader;
    private FactToken _token;
    private decimal _number;
    private bool _bool;
    private string _text;

    public JsonReaderFactTokens(JsonReader reader)
    {
        _reader = reader;
        _reader.FloatParseHandling = FloatParseHandling.Decimal;
        _reader.DateParseHandling = DateParseHandling.None;
        _reader.MaxDepth = null; // the fact reader's limit applies
        _text = "";
    }

    public readonly FactToken Token => _token;
    public readonly decimal Number => _number;
    public readonly bool Bool => _bool;
    public readonly string Text => _text;
    public readonly bool TryCopy(scoped Span<char> destination, out int written)
    {
        written = _text.Length;
        return _text.AsSpan().TryCopyTo(destination);
    }

    public readonly int IndexIn(NameTable names) => names.IndexOf(_text);

    public readonly MalformedFactsException CutShort()
    {
        var (line, column) = _reader is IJsonLineInfo info && info.HasLineInfo() ? (info.LineNumber, info.LinePosition) : (0, 0);
        return new MalformedFactsException("Unexpected end of JSON", line, column);
    }

    /// <summary>Moves to the next token, skipping comments; false at the end of the input.</summary>
    public bool Read()
    {
        while (true)
        {
            try
            {
                if (!_reader.Read())
                {
                    _token = FactToken.End;
                    return false;
                }
            }
            catch (JsonReaderException e) when (TooLargeLiteral(e.Message) is { } literal)
            {
                // The reader has consumed the number and carries on after it.
                (_token, _text) = (FactToken.TooLarge, literal);
                return true;
            }
            catch (JsonException e)
            {
                throw Malformed(e);
            }
            var value = _reader.Value;
            switch (_reader.TokenType)
            {
                case JsonToken.Comment: continue;
                case JsonToken.StartObject: _token = FactToken.StartObject; break;
                case JsonToken.EndObject: _token = FactToken.EndObject; break;
                case JsonToken.StartArray: _token = FactToken.StartArray; break;
                case JsonToken.EndArray: _token = FactToken.EndArray; break;
                case JsonToken.StartConstructor: (_token, _text) = (FactToken.StartOther, "a constructor"); break;
                case JsonToken.EndConstructor: _token = FactToken.EndOther; break;
                case JsonToken.PropertyName: (_token, _text) = (FactToken.Property, Convert.ToString(value, CultureInfo.InvariantCulture) ?? ""); break;
                case JsonToken.String: (_token, _text) = (FactToken.String, Convert.ToString(value, CultureInfo.InvariantCulture) ?? ""); break;
                case JsonToken.Boolean: (_token, _bool) = (FactToken.Bool, value is true); break;
                case JsonToken.Null: _token = FactToken.Null; break;
                case JsonToken.Integer: Integer(value); break;
                case JsonToken.Float: Float(value); break;
                case JsonToken.Date: DateToken(value); break;
                default: (_token, _text) = (FactToken.Other, _reader.TokenType.ToString().ToLowerInvariant()); break;
            }
            return true;
        }
    }

    private void Integer(object? value)
    {
        switch (value)
        {
            case BigInteger big when BigInteger.Abs(big) > new BigInteger(decimal.MaxValue):
                (_token, _text) = (FactToken.TooLarge, big.ToString(CultureInfo.InvariantCulture));
                return;
            case BigInteger big:
                SetNumber((decimal)big);
                return;
            default:
                SetNumber(Convert.ToDecimal(value, CultureInfo.InvariantCulture));
                return;
        }
    }

    private void Float(object? value)
    {
        switch (value)
        {
            case decimal d:
                SetNumber(d);
                return;
            case double or float:
            {
                // A double (a JObject built by someone else, a protobuf Struct): its shortest text that round-trips,
                // read by the rules of a JSON number written so, so it reads as that text would (too small included).
                var text = value is double dbl ? dbl.ToString("R", CultureInfo.InvariantCulture) : ((float)value).ToString("R", CultureInfo.InvariantCulture);
                if (!double.IsFinite(Convert.ToDouble(value, CultureInfo.InvariantCulture)))
                {
                    (_token, _text) = (FactToken.Other, text);
                    return;
                }
                var token = JsonNumbers.Read(text, out var parsed);
                if (token == FactToken.Number) SetNumber(parsed);
                else (_token, _text) = (token, text);
                return;
            }
            default:
                SetNumber(Convert.ToDecimal(value, CultureInfo.InvariantCulture));
                return;
        }
    }

    private void SetNumber(decimal value)
    {
        _token = FactToken.Number;
        _number = value;
        _text = value.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>A date a JObject's parser recognised in a string: read it back as the text it was.</summary>
    private void DateToken(object? value)
    {
        _token = FactToken.String;
        _text = value switch
        {
            DateTime { TimeOfDay.Ticks: 0, Kind: DateTimeKind.Unspecified } d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            DateTime d => d.ToString("o", CultureInfo.InvariantCulture),
            DateTimeOffset d => d.ToString("o", CultureInfo.InvariantCulture),
            _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
        };
    }

    /// <summary>The number in the JSON reader's message when a valid JSON number does not fit a decimal.</summary>
    private static string? TooLargeLiteral(string message)
    {
        foreach (var (prefix, suffix) in new[] { ("Input string '", "' is not a valid decimal."), ("JSON integer ", " is too large to parse.") })
        {
            if (!message.StartsWith(prefix, StringComparison.Ordinal)) continue;
            var end = message.IndexOf(suffix, prefix.Length, StringComparison.Ordinal);
            if (end < 0) continue;
            var literal = message[prefix.Length..end];
            return IsJsonNumber(literal) ? literal : null;
        }
        return null;
    }

    /// <summary>The JSON number grammar: <c>-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?</c> (leading zeros tolerated).</summary>
    private static bool IsJsonNumber(string s)
    {
        var i = 0;
        if (i < s.Length && s[i] == '-') i++;
        if (!Digits(s, ref i)) return false;
        if (i < s.Length && s[i] == '.')
        {
            i++;
            if (!Digits(s, ref i)) return false;
        }
        if (i < s.Length && s[i] is 'e' or 'E')
        {
            i++;
            if (i < s.Length && s[i] is '+' or '-') i++;
            if (!Digits(s, ref i)) return false;
        }
        return i == s.Length;
    }

    private static bool Digits(string s, ref int i)
    {
        var start = i;
        while (i < s.Length && char.IsAsciiDigit(s[i])) i++;
        return i > start;
    }

    private readonly MalformedFactsException Malformed(JsonException e)
    {
        var message = e.Message;
        var cut = message.IndexOf(" Path '", StringComparison.Ordinal);
        if (cut < 0) cut = message.IndexOf(", line ", StringComparison.Ordinal);
        var reason = (cut < 0 ? message : message[..cut]).TrimEnd('.', ' ');
        var (line, column) = e is JsonReaderException r ? (r.LineNumber, r.LinePosition)
            : _reader is IJsonLineInfo info ? (info.LineNumber, info.LinePosition) : (0, 0);
        return new MalformedFactsException(reason, line, column);
    }
}
