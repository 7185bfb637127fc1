using System.Globalization;
using Appraisal.Engine.Facts;
using Google.Protobuf.WellKnownTypes;
using Newtonsoft.Json;

namespace Appraisal.Service;

/// <summary>
/// Facts sent as a <c>google.protobuf.Struct</c> (gRPC <c>facts_struct</c>, REST <c>factsStruct</c>): read straight from the
/// message by the engine's one facts reader (<see cref="Reader"/>), or written as JSON text where the text is kept (a
/// recorded evaluation: the ledger keeps the facts as text). What JSON cannot hold is a violation at its path, like any
/// other fact error: an empty key, a <c>Value</c> with no kind set, a number that is NaN or infinite.
/// </summary>
public static class StructFacts
{
    /// <summary>
    /// Whether the facts hold only what JSON can (no empty key, no <c>Value</c> without a kind, no NaN or infinite
    /// number): then they can be read straight from the message (<see cref="Reader"/>); else <see cref="ToJson"/> names
    /// each fault at its path.
    /// </summary>
    public static bool IsClean(Struct facts)
    {
        foreach (var (key, value) in facts.Fields)
        {
            if (key.Length == 0 || !IsCleanValue(value)) return false;
        }
        return true;
    }

    private static bool IsCleanValue(Value? value) => (value?.KindCase ?? Value.KindOneofCase.None) switch
    {
        Value.KindOneofCase.NullValue or Value.KindOneofCase.StringValue or Value.KindOneofCase.BoolValue => true,
        Value.KindOneofCase.NumberValue => double.IsFinite(value!.NumberValue),
        Value.KindOneofCase.StructValue => IsClean(value!.StructValue),
        Value.KindOneofCase.ListValue => value!.ListValue.Values.All(IsCleanValue),
        _ => false,
    };

    /// <summary>The tokens of clean facts (<see cref="IsClean"/>) for the engine's fact reader, without JSON text.</summary>
    public static JsonReader Reader(Struct facts) => new StructFactReader(facts);

    public static (string? Json, IReadOnlyList<FactError> Errors) ToJson(Struct facts)
    {
        var errors = new List<FactError>();
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        using (var writer = new JsonTextWriter(text)) WriteStruct(writer, facts, JsonPath.Root, errors);
        return errors.Count == 0 ? (text.ToString(), []) : (null, errors);
    }

    private static void WriteStruct(JsonWriter writer, Struct value, string path, List<FactError> errors)
    {
        writer.WriteStartObject();
        foreach (var (key, field) in value.Fields)
        {
            var at = path + JsonPath.Member(key);
            if (key.Length == 0) errors.Add(new FactError(at, "a non-empty key", "an empty key") { ExpectedZh = "非空的键", FoundZh = "空键" });
            writer.WritePropertyName(key);
            WriteValue(writer, field, at, errors);
        }
        writer.WriteEndObject();
    }

    private static void WriteValue(JsonWriter writer, Value? value, string path, List<FactError> errors)
    {
        switch (value?.KindCase ?? Value.KindOneofCase.None)
        {
            case Value.KindOneofCase.NullValue:
                writer.WriteNull();
                break;
            case Value.KindOneofCase.NumberValue when double.IsFinite(value!.NumberValue):
                writer.WriteRawValue(value.NumberValue.ToString("R", CultureInfo.InvariantCulture));
                break;
            case Value.KindOneofCase.NumberValue:
                errors.Add(new FactError(path, "a finite number", value!.NumberValue.ToString(CultureInfo.InvariantCulture)) { ExpectedZh = "有限的数" });
                writer.WriteNull();
                break;
            case Value.KindOneofCase.StringValue:
                writer.WriteValue(value!.StringValue);
                break;
            case Value.KindOneofCase.BoolValue:
                writer.WriteValue(value!.BoolValue);
                break;
            case Value.KindOneofCase.StructValue:
                WriteStruct(writer, value!.StructValue, path, errors);
                break;
            case Value.KindOneofCase.ListValue:
                writer.WriteStartArray();
                for (var i = 0; i < value!.ListValue.Values.Count; i++) WriteValue(writer, value.ListValue.Values[i], path + JsonPath.Index(i), errors);
                writer.WriteEndArray();
                break;
            default:
                errors.Add(new FactError(path, "a value (null, number, string, bool, struct or list)", "a Value with no kind set")
                    { ExpectedZh = "一个值（null、数、字符串、布尔、结构或列表）", FoundZh = "未设置 kind 的 Value" });
                writer.WriteNull();
                break;
        }
    }
}
