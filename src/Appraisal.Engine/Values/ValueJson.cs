using System.Globalization;
using Appraisal.Policy.Semantics;
using Newtonsoft.Json;

namespace Appraisal.Engine.Values;

/// <summary>
/// Writes values as JSON for callers. Numbers are JSON <b>strings</b> holding the exact decimal with its scale
/// (<c>"1000.00"</c>), never JSON numbers, so no client parses them into binary floating point. A percent is the
/// fraction (<c>"0.032"</c> for 3.2%), a duration is hours, money is yuan — the same conventions as facts.
/// </summary>
/// <remarks>
/// bool → <c>true</c>/<c>false</c>; text → string; date → <c>"2026-03-20"</c>; period → <c>"2026-Q1"</c>,
/// <c>"2026-H1"</c>, <c>"2026-03"</c>, <c>"2026"</c>; enum → the member's name; record → an object with the fields in
/// declaration order; list → an array; a missing value → <c>null</c>.
/// </remarks>
public static class ValueJson
{
    public static void Write(JsonWriter writer, Value value, PolicyType type) => Write(writer, value, type, canonical: false);

    /// <summary>
    /// With <paramref name="canonical"/>, numbers are raw JSON numbers without trailing zeros (<c>1.50</c> → <c>1.5</c>),
    /// so that equal values have one text (<see cref="Facts.CanonicalFacts"/>); otherwise exact decimal strings.
    /// </summary>
    internal static void Write(JsonWriter writer, Value value, PolicyType type, bool canonical)
    {
        ArgumentNullException.ThrowIfNull(writer);
        switch (value.Kind)
        {
            case ValueKind.Missing:
                writer.WriteNull();
                break;
            case ValueKind.Bool:
                writer.WriteValue(value.AsBool);
                break;
            case ValueKind.Number when canonical:
                writer.WriteRawValue(Facts.CanonicalFacts.Number(value.AsNumber));
                break;
            case ValueKind.Number:
                writer.WriteValue(value.AsNumber.ToString(CultureInfo.InvariantCulture));
                break;
            case ValueKind.Text:
                writer.WriteValue(value.AsText);
                break;
            case ValueKind.Date:
                writer.WriteValue(value.AsDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                break;
            case ValueKind.Period:
                writer.WriteValue(value.AsPeriod.ToString());
                break;
            case ValueKind.Enum:
                writer.WriteValue(value.EnumMember);
                break;
            case ValueKind.Record:
            {
                var record = value.AsRecord;
                var fields = (type as RecordType ?? record.Type).Fields;
                writer.WriteStartObject();
                for (var i = 0; i < record.Fields.Length; i++)
                {
                    var (name, fieldType) = i < fields.Length ? fields[i] : record.Type.Fields[i];
                    writer.WritePropertyName(name);
                    Write(writer, record.Fields[i], fieldType, canonical);
                }
                writer.WriteEndObject();
                break;
            }
            case ValueKind.List:
            {
                var element = type is ListType list ? list.Element : PolicyType.Error;
                writer.WriteStartArray();
                foreach (var item in value.AsList) Write(writer, item, element, canonical);
                writer.WriteEndArray();
                break;
            }
            default:
                throw new InvalidOperationException($"internal error: cannot write a {value.Kind} value as JSON");
        }
    }

    /// <summary>The value as JSON text, for logs, tests and simple callers.</summary>
    public static string ToJson(Value value, PolicyType type, Formatting formatting = Formatting.None)
    {
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        using (var writer = new JsonTextWriter(text) { Formatting = formatting })
        {
            Write(writer, value, type);
        }
        return text.ToString();
    }
}
