using System.Globalization;
using Appraisal.Engine.Evaluation;
using Appraisal.Engine.Planning;
using Appraisal.Engine.Values;
using Appraisal.Policy.Diagnostics;
using Appraisal.Policy.Syntax;
using Newtonsoft.Json.Linq;

namespace Appraisal.Engine.Statements;

/// <summary>
/// A statement's data from a record: outputs from their recorded text, scorecards, gates, levels and table rows from the
/// recorded explanation JSON (the shape <see cref="Evaluation.ExplanationJson"/> writes), the derivation lines from the
/// recorded text explanation, and — when the recorded version is still served — items' maxima and the citations from
/// its plan (else the citations the rules carry).
/// </summary>
internal static class StatementFromRecord
{
    public static StatementModel Build(RecordedStatement record, Language language)
    {
        var zh = language == Language.Zh;
        var plan = record.Plan;
        var statement = new StatementModel
        {
            PolicyName = plan?.Name is { Length: > 0 } name ? name : record.PolicyId, DeclaredVersion = record.DeclaredVersion,
        };
        foreach (var (outputName, type, value, missing) in record.Outputs)
            statement.Outputs.Add(new StatementOutput(outputName, missing ? (zh ? "—（无值）" : "— (no value)") : Shown(type, value, zh),
                !missing && decimal.TryParse(value, NumberStyles.Number, CultureInfo.InvariantCulture, out var number) ? number : null, missing));

        if (record.ExplanationJson is null)
        {
            statement.Notes.Add(record.ErasedAt is { } erased
                ? zh ? $"本记录的事实与说明已于 {erased.UtcDateTime:yyyy-MM-dd} 按保留期限删除：仅保留结果。" : $"The facts and explanation of this record were erased by retention on {erased.UtcDateTime:yyyy-MM-dd}: only the outcome is kept."
                : zh ? "本记录没有保存说明：仅有结果。" : "This record keeps no explanation: only the outcome.");
        }
        else
        {
            var rules = JObject.Parse(record.ExplanationJson)["rules"] as JObject ?? new JObject();
            var citations = new List<(string Text, List<string> Rules)>();
            foreach (var (ruleName, token) in rules)
            {
                if (token is not JObject rule) continue;
                Rule(statement, ruleName, rule, plan, zh);
                if ((string?)rule["citation"] is { Length: > 0 } citation)
                {
                    var found = citations.FindIndex(c => c.Text == citation);
                    if (found < 0) citations.Add((citation, [ruleName]));
                    else citations[found].Rules.Add(ruleName);
                }
            }
            if (plan is null) statement.Citations.AddRange(citations.Select(c => new PlanCitation(c.Text, 0, c.Rules)));
        }
        if (plan is not null) statement.Citations.AddRange(plan.Citations);
        else statement.Notes.Add(zh ? "记录时的策略版本已不再提供：条目满分与依据取自记录本身。" : "The recorded policy version is no longer served: items' maxima and citations are those the record keeps.");

        if (record.ExplanationText is { Length: > 0 } text)
        {
            statement.Arithmetic.AddRange(StatementText.Lines(text));
            if (record.ExplanationLanguage != language)
                statement.Notes.Add(zh ? "计算过程按记录时的语言（英文）保存。" : "The derivation is kept in the language it was recorded in (Chinese).");
        }
        return statement;
    }

    private static void Rule(StatementModel statement, string name, JObject rule, PolicyPlan? plan, bool zh)
    {
        if (rule["tables"] is JArray tables)
        {
            foreach (var hit in tables.OfType<JObject>())
                statement.Tables.Add(new StatementTable(name, (string?)hit["table"] ?? "",
                    string.Join(", ", (hit["arguments"] as JArray ?? []).Select(Text)), (int?)hit["row"] ?? 0, (string?)hit["rowText"] ?? "", Text(hit["result"])));
        }
        switch ((string?)rule["kind"])
        {
            case "scorecard":
                var planned = plan?.Rules.OfType<ScorecardRule>().FirstOrDefault(r => r.Name == name);
                var entries = (rule["entries"] as JArray ?? []).OfType<JObject>().Select(e =>
                {
                    var entryName = (string?)e["name"] ?? "";
                    var entryPlan = planned?.Entries.FirstOrDefault(p => p.Entry.Name.Text == entryName);
                    var kind = (string?)e["kind"] switch { "deduct" => EntryKind.Deduct, "add" => EntryKind.Add, _ => EntryKind.Item };
                    return new StatementEntry(entryName, kind, Number(e["counted"]), Number(e["computed"]), entryPlan?.Max,
                        entryPlan?.Weight is { } w ? ValueFormat.Plain(ValueFormat.Trim(w)) : null, Number(e["contribution"]));
                }).ToList();
                statement.Scorecards.Add(new StatementScorecard(name, Number(rule["score"]), Number(rule["max"]), entries, planned?.Floor));
                break;
            case "gate":
                var passed = (bool?)rule["passed"] ?? false;
                var declared = plan?.Rules.OfType<GateRule>().FirstOrDefault(r => r.Name == name)?.Declaration as GateDecl;
                statement.Gates.Add(new StatementGate(name, passed, Conditions(rule["conditions"]), passed ? "" : declared?.Otherwise ?? ""));
                break;
            case "veto":
                var fired = (bool?)rule["fired"] ?? false;
                var vetoRule = plan?.Rules.OfType<VetoRule>().FirstOrDefault(r => r.Name == name);
                var when = vetoRule?.Declaration is VetoDecl declaredVeto
                    ? declaredVeto.When.Span.Source.Text[declaredVeto.When.Span.Start..declaredVeto.When.Span.End].ReplaceLineEndings(" ").Trim()
                    : zh ? "否决条件" : "the veto's condition";
                statement.Gates.Add(new StatementGate(name, !fired, [new StatementCondition(when, fired, "")],
                    fired ? vetoRule?.Message ?? "" : "", Veto: true));
                break;
            case "levels":
                var levels = (rule["levels"] as JArray ?? []).OfType<JObject>().Select(l => new StatementLevel((string?)l["level"] ?? "", (bool?)l["met"] ?? false,
                    Conditions(l["requirements"]).Where(c => !c.Holds).Select(c => c.Label).ToList())).ToList();
                statement.Levels.Add(new StatementLevels(name, Text(rule["value"]), levels, ""));
                break;
        }
    }

    private static List<StatementCondition> Conditions(JToken? conditions) => (conditions as JArray ?? []).OfType<JObject>()
        .Select(c => new StatementCondition((string?)c["label"] ?? (string?)c["description"] ?? (string?)c["condition"] ?? "", (bool?)c["holds"] ?? false, ""))
        .ToList();

    private static decimal Number(JToken? token) =>
        token is not null && decimal.TryParse(token.Type == JTokenType.String ? (string?)token : token.ToString(), NumberStyles.Number, CultureInfo.InvariantCulture, out var n) ? n : 0m;

    private static string Text(JToken? token) => token switch
    {
        null => "",
        JValue { Type: JTokenType.String } v => (string?)v ?? "",
        JValue { Type: JTokenType.Null } => "—",
        _ => token.ToString(Newtonsoft.Json.Formatting.None),
    };

    /// <summary>A recorded output's text with its unit, as <see cref="ValueFormat"/> shows the type it was recorded with.</summary>
    internal static string Shown(string type, string value, bool zh)
    {
        if (!decimal.TryParse(value, NumberStyles.Number, CultureInfo.InvariantCulture, out var number))
            return value switch { "true" => zh ? "是" : "yes", "false" => zh ? "否" : "no", _ => value };
        return type switch
        {
            "money" => ValueFormat.Plain(number) + (zh ? " 元" : " yuan"),
            "points" => ValueFormat.Plain(ValueFormat.Trim(number)) + (zh ? " 分" : " pts"),
            "duration" => ValueFormat.Plain(ValueFormat.Trim(number)) + (zh ? " 小时" : "h"),
            "percent" => ValueFormat.Percent(number) + "%",
            _ => ValueFormat.Plain(ValueFormat.Trim(number)),
        };
    }
}
