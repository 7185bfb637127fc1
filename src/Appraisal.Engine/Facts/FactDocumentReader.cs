using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using Appraisal.Engine.Values;
using Appraisal.Policy.Semantics;
using Appraisal.Policy.Text;
using Newtonsoft.Json;

namespace Appraisal.Engine.Facts;

/// <summary>
/// One pass over one fact document: follows the schema token by token, straight into the input slots, collecting
/// every violation. Generic over where the tokens come from (<see cref="IFactTokens"/>), so JSON text and facts
/// already in memory are read by the same rules; a ref struct so that the UTF-8 reader lives on the stack.
/// </summary>
[SkipLocalsInit] // stack buffers are written before they are read
internal ref struct FactDocumentReader<TTokens>(InputSchema schema, TTokens tokens, FactLimits limits)
    where TTokens : IFactTokens, allows ref struct
{
    /// <summary>Where the reader is: a member of an object (its name once read) or an item of a list (its index).</summary>
    private record struct Step(string? Name, int Index);

    private TTokens _tokens = tokens;
    private List<FactError>? _errors;
    // The path to the current value: the steps of the objects and lists around it, then its own step (kept apart, as it
    // changes at every member or item).
    private List<Step>? _path; // made when the document nests
    private Step _current = new(null, -1);
    private int _depth;

    /// <summary>Longest name or string compared without making a string of it.</summary>
    private const int Scratch = 128;

    public FactReadResult Run()
    {
        var facts = new Value[schema.Fields.Length];
        try
        {
            if (!_tokens.Read())
            {
                Add(FactMessages.Document, FactMessages.EmptyDocument);
            }
            else
            {
                if (_tokens.Token == FactToken.StartObject)
                {
                    _depth = 1;
                    ReadFields(facts, schema.Lookup, record: null);
                    _depth = 0;
                }
                else
                {
                    Add(FactMessages.Document, Found());
                    SkipValue();
                }
                if (_tokens.Read()) Add(FactMessages.SingleDocument, FactMessages.MoreContent);
            }
        }
        catch (MalformedFactsException e)
        {
            return new FactReadResult(null, [FactMessages.Error(CurrentPath, FactMessages.WellFormed, e.Found)]);
        }
        if (_errors is not null) return new FactReadResult(null, _errors);
        var violations = schema.Violations(facts);
        return violations.Count == 0 ? new FactReadResult(facts, []) : new FactReadResult(null, violations);
    }

    // -----------------------------------------------------------------------------------------
    // Objects, records and lists

    /// <summary>
    /// Reads the members of the object whose start is the current token, up to and including its end. While a member
    /// is read, and until the next one, the path ends in its name: a break after a value is reported at that value.
    /// </summary>
    private void ReadFields(Value[] values, FieldLookup lookup, RecordType? record)
    {
        var fields = lookup.Fields;
        Span<bool> seen = fields.Length <= 256 ? stackalloc bool[fields.Length] : new bool[fields.Length];
        seen.Clear();
        HashSet<string>? unknown = null;
        var given = 0;
        if (record is not null) Enter(); // the document itself is the root, before any step
        while (Inside() && _tokens.Token != FactToken.EndObject)
        {
            var index = _tokens.IndexIn(lookup.Names);
            var field = index >= 0 ? fields[index] : null;
            var name = field?.Name ?? _tokens.Text;
            _current = new Step(name, 0);
            Inside();
            if (field is null ? !(unknown ??= new HashSet<string>(StringComparer.Ordinal)).Add(name) : seen[field.Slot])
            {
                Add(FactMessages.KeyOnce, FactMessages.RepeatedKey);
                SkipValue();
            }
            else if (field is null)
            {
                if (record is not null) Add(FactMessages.KnownField(record), FactMessages.UnknownField);
                else if (!limits.AllowUnknownFields) Add(schema.OfOutputs ? FactMessages.KnownOutput : FactMessages.KnownInput, FactMessages.UnknownField);
                SkipValue();
            }
            else
            {
                seen[field.Slot] = true;
                given++;
                if (_tokens.Token != FactToken.Null) values[field.Slot] = ReadValue(lookup.Shapes[index], field);
                else if (field.Default is { } fallback) values[field.Slot] = fallback;
                else Add(Required(record), Found());
            }
        }

        foreach (var field in given == fields.Length ? [] : fields)
        {
            if (seen[field.Slot]) continue;
            if (field.Default is { } fallback)
            {
                values[field.Slot] = fallback;
                continue;
            }
            _current = new Step(field.Name, 0);
            Add(Required(record), FactMessages.Nothing);
        }
        if (record is not null) Leave();
        else _current = new Step(null, -1);
    }

    /// <summary>Into the object or list that starts at the current value: its members' or items' steps follow.</summary>
    private void Enter()
    {
        (_path ??= new List<Step>(4)).Add(_current);
        _current = new Step(null, -1);
    }

    /// <summary>Out of the object or list: the path ends at it again.</summary>
    private void Leave()
    {
        _current = _path![^1];
        _path.RemoveAt(_path.Count - 1);
    }

    private static Bilingual Required(RecordType? record) =>
        record is null ? FactMessages.RequiredInput : FactMessages.RequiredField(record);

    /// <summary>
    /// Reads the value that starts at the current token as the <paramref name="shape"/> says, for <paramref name="field"/>
    /// (whose range applies to each item of a list).
    /// </summary>
    private Value ReadValue(ValueShape shape, InputField field)
    {
        var token = _tokens.Token;
        if (token is FactToken.StartObject or FactToken.StartArray or FactToken.StartOther) return ReadContainer(shape, field);
        switch (shape.Kind)
        {
            case ShapeKind.Number:
                return ReadNumber(shape, field);
            case ShapeKind.Enum when token == FactToken.String:
                var member = _tokens.IndexIn(shape.Members!);
                if (member >= 0) return Value.Of((EnumType)shape.Type, member);
                break;
            case ShapeKind.Bool when token == FactToken.Bool:
                return Value.Of(_tokens.Bool);
            case ShapeKind.Text when token == FactToken.String:
                return Value.Of(_tokens.Text);
            case ShapeKind.Date when token == FactToken.String:
                return ReadDate();
            case ShapeKind.Period when token == FactToken.String:
                return ReadPeriod();
        }
        return Invalid(FactMessages.Expected(shape.Type));
    }

    /// <summary>Reads the object or list that starts at the current token: a record or a list, when the shape is one.</summary>
    private Value ReadContainer(ValueShape shape, InputField field)
    {
        if (_depth + 1 > limits.MaxDepth)
        {
            SkipValue(); // reports the depth
            return Value.Missing;
        }
        if (shape.Kind == ShapeKind.Record && _tokens.Token == FactToken.StartObject)
        {
            var record = (RecordType)shape.Type;
            var fields = new Value[record.Fields.Length];
            _depth++;
            ReadFields(fields, shape.Fields!, record);
            _depth--;
            return Value.Of(new RecordValue(record, fields));
        }
        if (shape.Kind == ShapeKind.List && _tokens.Token == FactToken.StartArray)
        {
            _depth++;
            var items = ReadList(shape.Element!, field);
            _depth--;
            return items;
        }
        return Invalid(FactMessages.Expected(shape.Type));
    }

    private Value ReadList(ValueShape element, InputField field)
    {
        var items = new List<Value>();
        var count = 0;
        Enter();
        while (Inside() && _tokens.Token != FactToken.EndArray)
        {
            if (count >= limits.MaxListLength)
            {
                SkipValue(); // counted, not read: the list is rejected anyway
                count++;
                continue;
            }
            _current = new Step(null, count);
            items.Add(_tokens.Token == FactToken.Null ? Invalid(FactMessages.Expected(element.Type)) : ReadValue(element, field));
            count++;
        }
        Leave();
        if (count > limits.MaxListLength)
        {
            Add(FactMessages.ListLimit(limits.MaxListLength), FactMessages.Items(count), FactErrorKind.LimitExceeded);
        }
        return Value.Of(items.ToArray());
    }

    /// <summary>Skips the value that starts at the current token; reports it if it nests deeper than the limit.</summary>
    private void SkipValue()
    {
        if (_tokens.Token is not (FactToken.StartObject or FactToken.StartArray or FactToken.StartOther)) return;
        var level = 1;
        var deepest = 1;
        while (level > 0 && Inside())
        {
            if (_tokens.Token is FactToken.StartObject or FactToken.StartArray or FactToken.StartOther) deepest = Math.Max(deepest, ++level);
            else if (_tokens.Token is FactToken.EndObject or FactToken.EndArray or FactToken.EndOther) level--;
        }
        if (_depth + deepest > limits.MaxDepth)
        {
            Add(FactMessages.DepthLimit(limits.MaxDepth), FactMessages.Levels(_depth + deepest), FactErrorKind.LimitExceeded);
        }
    }

    /// <summary>Moves to the next token inside an object or list: the input must not end there.</summary>
    private bool Inside() => _tokens.Read() ? true : throw _tokens.CutShort();

    // -----------------------------------------------------------------------------------------
    // Scalars

    private Value ReadNumber(ValueShape shape, InputField field)
    {
        var (low, high) = (field.Low, field.High);
        var type = (NumericType)shape.Type;
        var unit = shape.Unit;
        decimal value;
        var percentWritten = false;
        switch (_tokens.Token)
        {
            case FactToken.Number:
                value = _tokens.Number;
                break;
            case FactToken.String:
                switch (ParseQuantity(unit, out value, out percentWritten))
                {
                    case QuantityParse.Ok: break;
                    case QuantityParse.TooLarge: return Invalid(FactMessages.FitsDecimal);
                    case QuantityParse.TooPrecise: return Invalid(FactMessages.ExactDecimal);
                    default: return Invalid(FactMessages.Expected(type));
                }
                break;
            case FactToken.TooLarge:
                return Invalid(FactMessages.FitsDecimal);
            case FactToken.TooSmall:
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
            // A whole number written without a point (scale 0, the usual count) needs no truncating.
            if ((decimal.IsNegative(value) && value < 0m) || (value.Scale != 0 && value != decimal.Truncate(value))) return Invalid(FactMessages.WholeNumber);
            if (value.Scale != 0) value = decimal.Truncate(value);
        }
        if ((low is { } lo && value < lo) || (high is { } hi && value > hi))
        {
            return Invalid(FactMessages.InRange(low ?? decimal.MinValue, high ?? decimal.MaxValue, type));
        }
        return Value.Of(value);
    }

    /// <summary>The current string as a quantity of <paramref name="unit"/>, its characters in a scratch buffer when they fit.</summary>
    private QuantityParse ParseQuantity(QuantityUnit unit, out decimal value, out bool percentWritten)
    {
        Span<char> scratch = stackalloc char[Scratch];
        ReadOnlySpan<char> text = _tokens.TryCopy(scratch, out var length) ? scratch[..length] : _tokens.Text;
        return Quantities.Parse(text, unit, out value, out percentWritten);
    }

    private Value ReadPeriod() =>
        PeriodValue.TryParse(_tokens.Text, out var period) ? Value.Of(period) : Invalid(FactMessages.Expected(PolicyType.Period));

    private Value ReadDate()
    {
        Span<char> scratch = stackalloc char[Scratch];
        ReadOnlySpan<char> text = _tokens.TryCopy(scratch, out var length) ? scratch[..length] : _tokens.Text;
        var shaped = text.Length == 10 && text[4] == '-' && text[7] == '-'
            && char.IsAsciiDigit(text[0]) && char.IsAsciiDigit(text[1]) && char.IsAsciiDigit(text[2]) && char.IsAsciiDigit(text[3])
            && char.IsAsciiDigit(text[5]) && char.IsAsciiDigit(text[6]) && char.IsAsciiDigit(text[8]) && char.IsAsciiDigit(text[9]);
        if (!shaped) return Invalid(FactMessages.Expected(PolicyType.Date));
        return DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? Value.Of(date)
            : Invalid(FactMessages.ExistingDate);
    }

    // -----------------------------------------------------------------------------------------
    // Errors

    private readonly string CurrentPath
    {
        get
        {
            var path = new StringBuilder(JsonPath.Root);
            foreach (var step in (_path ?? []).Append(_current))
            {
                if (step.Name is { } name) path.Append(JsonPath.Member(name));
                else if (step.Index >= 0) path.Append(JsonPath.Index(step.Index));
            }
            return path.ToString();
        }
    }

    private void Add(Bilingual expected, Bilingual found, FactErrorKind kind = FactErrorKind.Invalid) =>
        (_errors ??= []).Add(FactMessages.Error(CurrentPath, expected, found, kind));

    /// <summary>Reports the current value as not what was <paramref name="expected"/>, and skips it.</summary>
    private Value Invalid(Bilingual expected)
    {
        Add(expected, Found());
        SkipValue();
        return Value.Missing;
    }

    /// <summary>The current value as the document wrote it: strings quoted, containers described.</summary>
    private Bilingual Found() => _tokens.Token switch
    {
        FactToken.String => Bilingual.Same(Quote(_tokens.Text)),
        FactToken.Number or FactToken.TooLarge or FactToken.TooSmall => Bilingual.Same(Shorten(_tokens.Text)),
        FactToken.Bool => Bilingual.Same(_tokens.Bool ? "true" : "false"),
        FactToken.Null => Bilingual.Same("null"),
        FactToken.StartObject => new("an object", "对象"),
        FactToken.StartArray => new("a list", "列表"),
        FactToken.StartOther => new("a constructor", "构造函数"),
        _ => Bilingual.Same(_tokens.Text),
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
}
