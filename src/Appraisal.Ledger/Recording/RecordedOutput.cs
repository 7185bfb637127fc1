using System.Globalization;
using Appraisal.Engine.Evaluation;
using Appraisal.Engine.Values;
using Appraisal.Policy.Semantics;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace Appraisal.Ledger.Recording;

/// <summary>
/// An output as every face shows it and the ledger keeps it (<see cref="LedgerRecord.OutputsDetailJson"/>): its name,
/// its type as written in the policy, and its value as text — numbers as their exact decimal text, names and text as
/// they are, lists and records as JSON; empty and <see cref="Missing"/> when the policy produced no value.
/// </summary>
public sealed record RecordedOutput(string Name, string Type, string Value, bool Missing)
{
    public static IReadOnlyList<RecordedOutput> Of(Outcome outcome) => outcome.Outputs.Select(o =>
    {
        var missing = o.Value.Kind == ValueKind.Missing;
        return new RecordedOutput(o.Name, o.Type.Display, missing ? "" : Text(o.Value, o.Type), missing);
    }).ToList();

    /// <summary>An output's value as text.</summary>
    public static string Text(Value value, PolicyType type) => value.Kind switch
    {
        ValueKind.Number => value.AsNumber.ToString(CultureInfo.InvariantCulture),
        ValueKind.Bool => value.AsBool ? "true" : "false",
        ValueKind.Text => value.AsText,
        ValueKind.Enum or ValueKind.Date or ValueKind.Period => value.ToString(),
        _ => ValueJson.ToJson(value, type),
    };

    /// <summary>The outputs as the ledger keeps them: a JSON array of {name, type, value, missing}.</summary>
    public static string ToJson(IEnumerable<RecordedOutput> outputs)
    {
        var array = new JArray();
        foreach (var o in outputs) array.Add(new JObject { ["name"] = o.Name, ["type"] = o.Type, ["value"] = o.Value, ["missing"] = o.Missing });
        return array.ToString(Formatting.None);
    }

    /// <summary>The outputs of a record, read back.</summary>
    public static IReadOnlyList<RecordedOutput> FromJson(string detailJson) => JArray.Parse(detailJson).OfType<JObject>()
        .Select(o => new RecordedOutput((string?)o["name"] ?? "", (string?)o["type"] ?? "", (string?)o["value"] ?? "", (bool?)o["missing"] ?? false))
        .ToList();
}
