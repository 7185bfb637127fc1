using System.Collections.Immutable;
using System.Globalization;
using System.Numerics;
using Appraisal.Engine.Values;
using Appraisal.Policy.Semantics;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using Appraisal.Policy.Text;

namespace Appraisal.Engine.Facts;

/// <summary>One pass over one fact document: follows the schema token by token, collecting every violation.</summary>
/// <param name="underflows">Numbers (by their ordinal among the document's numbers) that are not zero but too small for a decimal.</param>
internal sealed class FactDocumentReader(InputSchema schema, JsonReader reader, FactLimits limits,
    IReadOnlyDictionary<int, (string Literal, FactError Error)> underflows)
{
    private enum Token { End, StartObject, EndObject, StartArray, EndArray, StartOther, EndOther, Property, String, Number, Bool, Null, TooLarge, TooSmall, Other }

    private int _numbers;

    /// <summary>True when the JSON reader found the document malformed (its one error is then the reason).</summary>
    public bool Malformed { get; private set; }

    private readonly List<FactError> _errors = [];
    private readonly List<string> _path = [];
    private readonly Dictionary<string, (ImmutableArray<InputField> Fields, Dictionary<string, InputField> ByName)> _records = new(StringComparer.Ordinal);

    private Token _token;
    private string _text = "";
    private decimal _number;
    private bool _bool;
    private int _depth;

    public FactReadResult Run()
    {
        var facts = new Value[schema.Fields.Length];
        try
        {
            if (!Advance())
            {
                Add(FactMessages.Document, FactMessages.EmptyDocument);
            }
            else
            {
                if (_token == Token.StartObject)
                {
                    _depth = 1;
                    ReadFields(facts, schema.Fields, name => schema.Field(name), record: null);
                    _depth = 0;
                }
                else
                {
                    Add(FactMessages.Document, Found());
                    SkipValue();
                }
                if (Advance()) Add(FactMessages.SingleDocument, FactMessages.MoreContent);
            }
        }
        catch (JsonException e)
        {
            Malformed = true;
            return new FactReadResult(null, [MalformedError(e)]);
        }
        if (_errors.Count > 0) return new FactReadResult(null, _errors);
        var violations = schema.Violations(facts);
        return violations.Count == 0 ? new FactReadResult(facts, []) : new FactReadResult(null, violations);
    }

    // -----------------------------------------------------------------------------------------
    // Objects, records and lists

    /// <summary>Reads the members of the object whose start is the current token, up to and including its end.</summary>
    private void ReadFields(Value[] values, ImmutableArray<InputField> fields, Func<string, InputField?> lookup, RecordType? record)
    {
        var seen = new bool[fields.Length];
        var keys = new HashSet<string>(StringComparer.Ordinal);
        while (AdvanceInside() && _token != Token.EndObject)
        {
            var name = _text;
            _path.Add(JsonPath.Member(name));
            AdvanceInside();
            if (!keys.Add(name))
            {
                Add(FactMessages.KeyOnce, FactMessages.RepeatedKey);
                SkipValue();
            }
            else if (lookup(name) is not { } field)
            {
                if (record is not null) Add(FactMessages.KnownField(record), FactMessages.UnknownField);
                else if (!limits.AllowUnknownFields) Add(schema.OfOutputs ? FactMessages.KnownOutput : FactMessages.KnownInput, FactMessages.UnknownField);
                SkipValue();
            }
            else
            {
                seen[field.Slot] = true;
                if (_token != Token.Null) values[field.Slot] = ReadValue(field.Type, field.Low, field.High);
                else if (field.Default is { } fallback) values[field.Slot] = fallback;
                else Add(Required(record), Found());
            }
            _path.RemoveAt(_path.Count - 1);
        }

        foreach (var field in fields)
        {
            if (seen[field.Slot]) continue;
            if (field.Default is { } fallback)
            {
                values[field.Slot] = fallback;
                continue;
            }
            _path.Add(JsonPath.Member(field.Name));
            Add(Required(record), FactMessages.Nothing);
            _path.RemoveAt(_path.Count - 1);
        }
    }

    private static Bilingual Required(RecordType? record) =>
        record is null ? FactMessages.RequiredInput : FactMessages.RequiredField(record);

    /// <summary>Reads the value that starts at the current token as a <paramref name="type"/>.</summary>
    private Value ReadValue(PolicyType type, decimal? low, decimal? high)
    {
        if (_token is Token.StartObject or Token.StartArray or Token.StartOther)
        {
            if (_depth + 1 > limits.MaxDepth)
            {
                SkipValue(); // reports the depth
                return Value.Missing;
            }
            if (type is RecordType record && _token == Token.StartObject) return Nested(() => ReadRecord(record));
            if (type is ListType list && _token == Token.StartArray) return Nested(() => ReadList(list, low, high));
            return Invalid(FactMessages.Expected(type));
        }
        return type switch
        {
            NumericType numeric => ReadNumber(numeric, low, high),
            SimpleType { Name: "bool" } when _token == Token.Bool => Value.Of(_bool),
            SimpleType { Name: "text" } when _token == Token.String => Value.Of(_text),
            SimpleType { Name: "date" } when _token == Token.String => ReadDate(),
            SimpleType { Name: "period" } when _token == Token.String && PeriodValue.TryParse(_text, out var period) => Value.Of(period),
            EnumType e when _token == Token.String && e.Members.IndexOf(_text) is var index and >= 0 => Value.Of(e, index),
            _ => Invalid(FactMessages.Expected(type)),
        };
    }

    private Value Nested(Func<Value> read)
    {
        _depth++;
        var value = read();
        _depth--;
        return value;
    }

    private Value ReadRecord(RecordType type)
    {
        var (fields, byName) = RecordFields(type);
        var values = new Value[type.Fields.Length];
        ReadFields(values, fields, name => byName.GetValueOrDefault(name), type);
        return Value.Of(new RecordValue(type, values));
    }

    private (ImmutableArray<InputField>, Dictionary<string, InputField>) RecordFields(RecordType type)
    {
        if (_records.TryGetValue(type.Name, out var known)) return known;
        // Every record type an input can name is declared, so the schema knows it; the fallback only guards.
        var fields = schema.RecordFields.TryGetValue(type.Name, out var declared)
            ? declared
            : type.Fields.Select((f, i) => new InputField(i, f.Name, f.Type, null, null, null, null)).ToImmutableArray();
        var entry = (fields, fields.ToDictionary(f => f.Name, StringComparer.Ordinal));
        _records[type.Name] = entry;
        return entry;
    }

    private Value ReadList(ListType type, decimal? low, decimal? high)
    {
        var items = new List<Value>();
        var count = 0;
        while (AdvanceInside() && _token != Token.EndArray)
        {
            if (count >= limits.MaxListLength)
            {
                SkipValue(); // counted, not read: the list is rejected anyway
                count++;
                continue;
            }
            _path.Add(JsonPath.Index(count));
            items.Add(_token == Token.Null ? Invalid(FactMessages.Expected(type.Element)) : ReadValue(type.Element, low, high));
            _path.RemoveAt(_path.Count - 1);
            count++;
        }
        if (count > limits.MaxListLength)
        {
            Add(FactMessages.ListLimit(limits.MaxListLength), FactMessages.Items(count), FactErrorKind.LimitExceeded);
        }
        return Value.Of(items.ToArray());
    }

    /// <summary>Skips the value that starts at the current token; reports it if it nests deeper than the limit.</summary>
    private void SkipValue()
    {
        if (_token is not (Token.StartObject or Token.StartArray or Token.StartOther)) return;
        var level = 1;
        var deepest = 1;
        while (level > 0 && AdvanceInside())
        {
            if (_token is Token.StartObject or Token.StartArray or Token.StartOther) deepest = Math.Max(deepest, ++level);
            else if (_token is Token.EndObject or Token.EndArray or Token.EndOther) level--;
        }
        if (_depth + deepest > limits.MaxDepth)
        {
            Add(FactMessages.DepthLimit(limits.MaxDepth), FactMessages.Levels(_depth + deepest), FactErrorKind.LimitExceeded);
        }
    }

    // -----------------------------------------------------------------------------------------
    // Scalars

    private Value ReadNumber(NumericType type, decimal? low, decimal? high)
    {
        var unit = Quantities.UnitOf(type);
        decimal value;
        var percentWritten = false;
        switch (_token)
        {
            case Token.Number:
                value = _number;
                break;
            case Token.String:
                switch (Quantities.Parse(_text, unit, out value, out percentWritten))
                {
                    case QuantityParse.Ok: break;
                    case QuantityParse.TooLarge: return Invalid(FactMessages.FitsDecimal);
                    case QuantityParse.TooPrecise: return Invalid(FactMessages.ExactDecimal);
                    default: return Invalid(FactMessages.Expected(type));
                }
                break;
            case Token.TooLarge:
                return Invalid(FactMessages.FitsDecimal);
            case Token.TooSmall:
                return Invalid(FactMessages.NonZeroDecimal);
            default:
                return Invalid(FactMessages.Expected(type));
        }

        if (unit == QuantityUnit.Percent && !percentWritten && Math.Abs(value) > 1m
            && !(value > 1m && high > 1m) && !(value < -1m && low < -1m))
        {
            return Invalid(FactMessages.PercentFraction(value, low, high, type));
        }
        if (unit == QuantityUnit.Count)
        {
            if (value < 0m || value != decimal.Truncate(value)) return Invalid(FactMessages.WholeNumber);
            value = decimal.Truncate(value);
        }
        if ((low is { } lo && value < lo) || (high is { } hi && value > hi))
        {
            return Invalid(FactMessages.InRange(low ?? decimal.MinValue, high ?? decimal.MaxValue, type));
        }
        return Value.Of(value);
    }

    private Value ReadDate()
    {
        var text = _text;
        var shaped = text.Length == 10 && text[4] == '-' && text[7] == '-'
            && text.Where((c, i) => i is not (4 or 7)).All(char.IsAsciiDigit);
        if (!shaped) return Invalid(FactMessages.Expected(PolicyType.Date));
        return DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? Value.Of(date)
            : Invalid(FactMessages.ExistingDate);
    }

    // -----------------------------------------------------------------------------------------
    // Tokens

    /// <summary>Moves to the next token inside an object or array: the document must not end there.</summary>
    private bool AdvanceInside()
    {
        if (Advance()) return true;
        // The JSON reader reports a document cut short inside an object as a quiet end; it is malformed.
        var (line, column) = reader is IJsonLineInfo info && info.HasLineInfo() ? (info.LineNumber, info.LinePosition) : (0, 0);
        throw new JsonReaderException("Unexpected end of JSON.", reader.Path, line, column, null);
    }

    /// <summary>Moves to the next token, skipping comments (the strict scan has rejected any); false at the end of the document.</summary>
    private bool Advance()
    {
        while (true)
        {
            try
            {
                if (!reader.Read())
                {
                    _token = Token.End;
                    return false;
                }
            }
            catch (JsonReaderException e) when (TooLargeLiteral(e.Message) is { } literal)
            {
                // The reader has consumed the number and carries on after it.
                _token = Token.TooLarge;
                _text = literal;
                _numbers++;
                return true;
            }
            var value = reader.Value;
            switch (reader.TokenType)
            {
                case JsonToken.Comment: continue;
                case JsonToken.StartObject: _token = Token.StartObject; break;
                case JsonToken.EndObject: _token = Token.EndObject; break;
                case JsonToken.StartArray: _token = Token.StartArray; break;
                case JsonToken.EndArray: _token = Token.EndArray; break;
                case JsonToken.StartConstructor: _token = Token.StartOther; _text = "a constructor"; break;
                case JsonToken.EndConstructor: _token = Token.EndOther; break;
                case JsonToken.PropertyName: _token = Token.Property; _text = Convert.ToString(value, CultureInfo.InvariantCulture) ?? ""; break;
                case JsonToken.String: _token = Token.String; _text = Convert.ToString(value, CultureInfo.InvariantCulture) ?? ""; break;
                case JsonToken.Boolean: _token = Token.Bool; _bool = value is true; break;
                case JsonToken.Null: _token = Token.Null; break;
                case JsonToken.Integer: Integer(value); Counted(); break;
                case JsonToken.Float: Float(value); Counted(); break;
                case JsonToken.Date: DateToken(value); break;
                default: _token = Token.Other; _text = reader.TokenType.ToString().ToLowerInvariant(); break;
            }
            return true;
        }
    }

    /// <summary>One more number read; one the strict scan found too small for a decimal is reported, not read as 0.</summary>
    private void Counted()
    {
        if (underflows.TryGetValue(_numbers++, out var underflow)) (_token, _text) = (Token.TooSmall, underflow.Literal);
    }

    private void Integer(object? value)
    {
        switch (value)
        {
            case BigInteger big when BigInteger.Abs(big) > new BigInteger(decimal.MaxValue):
                _token = Token.TooLarge;
                _text = big.ToString(CultureInfo.InvariantCulture);
                return;
            case BigInteger big:
                Number((decimal)big);
                return;
            default:
                Number(Convert.ToDecimal(value, CultureInfo.InvariantCulture));
                return;
        }
    }

    private void Float(object? value)
    {
        switch (value)
        {
            case decimal d:
                Number(d);
                return;
            case double or float:
            {
                // Only a JObject built by someone else holds doubles; take the shortest text that round-trips.
                var text = value is double dbl ? dbl.ToString("R", CultureInfo.InvariantCulture) : ((float)value).ToString("R", CultureInfo.InvariantCulture);
                if (decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed)) Number(parsed);
                else if (double.IsFinite(Convert.ToDouble(value, CultureInfo.InvariantCulture))) (_token, _text) = (Token.TooLarge, text);
                else (_token, _text) = (Token.Other, text);
                return;
            }
            default:
                Number(Convert.ToDecimal(value, CultureInfo.InvariantCulture));
                return;
        }
    }

    private void Number(decimal value)
    {
        _token = Token.Number;
        _number = value;
        _text = value.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>A date a JObject's parser recognised in a string: read it back as the text it was.</summary>
    private void DateToken(object? value)
    {
        _token = Token.String;
        _text = value switch
        {
            DateTime { TimeOfDay.Ticks: 0, Kind: DateTimeKind.Unspecified } d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            DateTime d => d.ToString("o", CultureInfo.InvariantCulture),
            DateTimeOffset d => d.ToString("o", CultureInfo.InvariantCulture),
            _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
        };
    }

    /// <summary>The number in the JSON reader's message when a valid JSON number does not fit a decimal.</summary>
    internal static string? TooLargeLiteral(string message)
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

    // -----------------------------------------------------------------------------------------
    // Errors

    private string CurrentPath => JsonPath.Root + string.Concat(_path);

    private void Add(Bilingual expected, Bilingual found, FactErrorKind kind = FactErrorKind.Invalid) =>
        _errors.Add(FactMessages.Error(CurrentPath, expected, found, kind));

    /// <summary>Reports the current value as not what was <paramref name="expected"/>, and skips it.</summary>
    private Value Invalid(Bilingual expected)
    {
        Add(expected, Found());
        SkipValue();
        return Value.Missing;
    }

    /// <summary>The current value as the document wrote it: strings quoted, containers described.</summary>
    private Bilingual Found() => _token switch
    {
        Token.String => Bilingual.Same(Quote(_text)),
        Token.Number or Token.TooLarge or Token.TooSmall => Bilingual.Same(Shorten(_text)),
        Token.Bool => Bilingual.Same(_bool ? "true" : "false"),
        Token.Null => Bilingual.Same("null"),
        Token.StartObject => new("an object", "对象"),
        Token.StartArray => new("a list", "列表"),
        Token.StartOther => new("a constructor", "构造函数"),
        _ => Bilingual.Same(_text),
    };

    private const int Shown = 60;

    private static string Quote(string text) => text.Length <= Shown
        ? JsonConvert.ToString(text)
        : JsonConvert.ToString(Cut(text))[..^1] + "…\"";

    private static string Shorten(string text) => text.Length <= Shown ? text : Cut(text) + "…";

    private static string Cut(string text)
    {
        var length = char.IsHighSurrogate(text[Shown - 1]) ? Shown - 1 : Shown;
        return text[..length];
    }

    private FactError MalformedError(JsonException e)
    {
        var message = e.Message;
        var cut = message.IndexOf(" Path '", StringComparison.Ordinal);
        if (cut < 0) cut = message.IndexOf(", line ", StringComparison.Ordinal);
        var reason = (cut < 0 ? message : message[..cut]).TrimEnd('.', ' ');
        var (line, column) = e is JsonReaderException r ? (r.LineNumber, r.LinePosition)
            : reader is IJsonLineInfo info ? (info.LineNumber, info.LinePosition) : (0, 0);
        return FactMessages.Error(CurrentPath, FactMessages.WellFormed, new(
            $"{reason} (line {line}, column {column})",
            $"{reason}（第 {line} 行第 {column} 列）"));
    }
}
