using System.Globalization;
using Appraisal.Engine.Values;
using Appraisal.Policy.Semantics;
using Newtonsoft.Json;

namespace Appraisal.Engine.Facts;

/// <summary>
/// The canonical text of validated facts: what they mean, not how they were spelled. Two fact documents that the
/// <see cref="FactReader"/> reads to the same values — keys in another order, <c>1.0</c> for <c>1</c>, <c>"6%"</c>
/// for <c>0.06</c>, an optional input left out or given its default — have the same canonical text; documents that
/// read to different values never do. Used to tell a retry of a request from another request.
/// </summary>
/// <remarks>
/// A JSON object with every field of the schema in declared order (defaults already applied by the reader; a
/// missing value is <c>null</c>), records with their fields in declared order, lists in order, numbers as decimals
/// without trailing zeros (<c>1.50</c> → <c>1.5</c>, <c>-0</c> → <c>0</c>), enum members by name, dates
/// <c>yyyy-MM-dd</c>, periods in their canonical form. No whitespace.
/// </remarks>
public static class CanonicalFacts
{
    /// <summary>The canonical text of facts read against <paramref name="schema"/> (one value per field slot).</summary>
    public static string Write(InputSchema schema, IReadOnlyList<Value> facts)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(facts);
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        using (var writer = new JsonTextWriter(text) { Formatting = Formatting.None })
        {
            writer.WriteStartObject();
            foreach (var field in schema.Fields)
            {
                writer.WritePropertyName(field.Name);
                ValueJson.Write(writer, field.Slot < facts.Count ? facts[field.Slot] : Value.Missing, field.Type, canonical: true);
            }
            writer.WriteEndObject();
        }
        return text.ToString();
    }

    /// <summary>A decimal without trailing zeros: equal decimals (<c>1</c>, <c>1.0</c>, <c>1.000</c>) give one text.</summary>
    public static string Number(decimal value)
    {
        if (value == 0m) return "0"; // -0 too
        return ValueFormat.Plain(ValueFormat.Trim(value));
    }
}
