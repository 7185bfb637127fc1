using Google.Protobuf.WellKnownTypes;
using Newtonsoft.Json;
using ProtoValue = Google.Protobuf.WellKnownTypes.Value;

namespace Appraisal.Service;

/// <summary>
/// The tokens of facts sent as a <c>google.protobuf.Struct</c>, read straight from the message for the engine's fact
/// reader (<c>FactReader.Read(schema, JsonReader)</c>), with no JSON text in between. Numbers are the Struct's doubles;
/// the reader takes each at its shortest round-trip text, as the same Struct written as JSON would be read. Only for a
/// Struct <see cref="StructFacts.IsClean"/> accepts: every value has a kind, every number is finite, no key is empty.
/// </summary>
internal sealed class StructFactReader(Struct facts) : JsonReader
{
    // The containers being read: an object's fields still to come, or a list and the index of its next item.
    private readonly Stack<(IEnumerator<KeyValuePair<string, ProtoValue>>? Fields, IList<ProtoValue>? Items, int Next)> _open = new();
    private ProtoValue? _pending; // a field's value, after its name was read
    private bool _started;

    public override bool Read()
    {
        if (!_started)
        {
            _started = true;
            _open.Push((facts.Fields.GetEnumerator(), null, 0));
            SetToken(JsonToken.StartObject);
            return true;
        }
        if (_pending is { } value)
        {
            _pending = null;
            return Emit(value);
        }
        if (_open.Count == 0)
        {
            SetToken(JsonToken.None);
            return false;
        }
        var (fields, items, next) = _open.Peek();
        if (fields is not null)
        {
            if (fields.MoveNext())
            {
                _pending = fields.Current.Value;
                SetToken(JsonToken.PropertyName, fields.Current.Key);
                return true;
            }
            _open.Pop();
            SetToken(JsonToken.EndObject);
            return true;
        }
        if (next < items!.Count)
        {
            _open.Pop();
            _open.Push((null, items, next + 1));
            return Emit(items[next]);
        }
        _open.Pop();
        SetToken(JsonToken.EndArray);
        return true;
    }

    private bool Emit(ProtoValue value)
    {
        switch (value.KindCase)
        {
            case ProtoValue.KindOneofCase.NullValue:
                SetToken(JsonToken.Null);
                break;
            case ProtoValue.KindOneofCase.NumberValue:
                SetToken(JsonToken.Float, value.NumberValue);
                break;
            case ProtoValue.KindOneofCase.StringValue:
                SetToken(JsonToken.String, value.StringValue);
                break;
            case ProtoValue.KindOneofCase.BoolValue:
                SetToken(JsonToken.Boolean, value.BoolValue);
                break;
            case ProtoValue.KindOneofCase.StructValue:
                _open.Push((value.StructValue.Fields.GetEnumerator(), null, 0));
                SetToken(JsonToken.StartObject);
                break;
            case ProtoValue.KindOneofCase.ListValue:
                _open.Push((null, value.ListValue.Values, 0));
                SetToken(JsonToken.StartArray);
                break;
            default:
                throw new InvalidOperationException("a Value with no kind: StructFacts.IsClean refuses such a Struct before it is read");
        }
        return true;
    }
}
