using System.Globalization;
using Appraisal.Engine.Planning;
using Appraisal.Engine.Values;
using Appraisal.Policy.Semantics;
using Appraisal.Policy.Syntax;
using Appraisal.Policy.Text;
using Newtonsoft.Json;

namespace Appraisal.Engine.Evaluation;

/// <summary>
/// An explanation as data for callers: every rule that took part once, by name, with its value, where it is
/// written, its citation, the inputs it read, the table rows it hit, its own details and the rules it used.
/// </summary>
public static class ExplanationJson
{
    public static void Write(JsonWriter writer, Outcome outcome)
    {
        if (outcome.Explanation is null) throw new ArgumentException("the outcome was evaluated without an explanation", nameof(outcome));
        var model = outcome.Plan.Source.Model;

        writer.WriteStartObject();
        writer.WritePropertyName("outputs");
        writer.WriteStartArray();
        foreach (var output in outcome.Explanation.Outputs) writer.WriteValue(output.Rule.Name);
        writer.WriteEndArray();
        writer.WritePropertyName("rules");
        writer.WriteStartObject();
        foreach (var derivation in outcome.Explanation.AllDerivations())
        {
            writer.WritePropertyName(derivation.Rule.Name);
            Rule(writer, derivation, model);
        }
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private static void Rule(JsonWriter writer, Derivation derivation, SemanticModel model)
    {
        var rule = derivation.Rule;
        writer.WriteStartObject();
        Property(writer, "kind", Kind(rule));
        writer.WritePropertyName("value");
        ValueJson.Write(writer, derivation.Value, rule.Type);
        Location(writer, rule.Declaration.Name.Span);
        if (rule.Citation.Length > 0) Property(writer, "citation", rule.Citation);
        if (derivation.ExceptionSpan is { } exception) Property(writer, "exception", Text(exception));

        writer.WritePropertyName("inputs");
        writer.WriteStartObject();
        foreach (var input in derivation.Inputs)
        {
            writer.WritePropertyName(input.Name);
            ValueJson.Write(writer, input.Value, input.Type);
        }
        writer.WriteEndObject();

        writer.WritePropertyName("tables");
        writer.WriteStartArray();
        foreach (var hit in derivation.TableHits)
        {
            writer.WriteStartObject();
            Property(writer, "table", hit.Table.Name);
            writer.WritePropertyName("row");
            writer.WriteValue(hit.Row);
            Property(writer, "rowText", Text(hit.Table.Declaration.Rows[hit.Row - 1].Span));
            writer.WritePropertyName("arguments");
            writer.WriteStartArray();
            for (var i = 0; i < hit.Arguments.Length; i++)
                ValueJson.Write(writer, hit.Arguments[i], model.TypeOf(model.SymbolOfDeclaration[hit.Table.Declaration.Columns[i]]));
            writer.WriteEndArray();
            writer.WritePropertyName("result");
            ValueJson.Write(writer, hit.Result, model.TypeOf(model.SymbolOfDeclaration[hit.Table.Declaration]));
            writer.WriteEndObject();
        }
        writer.WriteEndArray();

        if (derivation.Calculation is { } calculation)
        {
            writer.WritePropertyName("calculation");
            Calculation(writer, calculation);
        }
        foreach (var detail in derivation.Details) Detail(writer, detail, derivation);

        writer.WritePropertyName("uses");
        writer.WriteStartArray();
        foreach (var use in derivation.Uses) writer.WriteValue(use.Rule.Name);
        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void Detail(JsonWriter writer, RuleDetail detail, Derivation derivation)
    {
        var entryCalculations = derivation.EntryCalculations;
        switch (detail)
        {
            case ScorecardDetail scorecard:
                writer.WritePropertyName("entries");
                writer.WriteStartArray();
                for (var i = 0; i < scorecard.Entries.Count; i++)
                {
                    var entry = scorecard.Entries[i];
                    writer.WriteStartObject();
                    Property(writer, "name", entry.Plan.Entry.Name.Text);
                    Property(writer, "kind", entry.Plan.Entry.Kind.ToString().ToLowerInvariant());
                    Number(writer, "computed", entry.Raw);
                    Number(writer, "counted", entry.Final);
                    Number(writer, "contribution", entry.Contribution);
                    if (entry.Plan.Max is { } max) Number(writer, "max", max);
                    if (i < entryCalculations.Count)
                    {
                        writer.WritePropertyName("calculation");
                        Calculation(writer, entryCalculations[i]);
                    }
                    writer.WriteEndObject();
                }
                writer.WriteEndArray();
                Number(writer, "score", scorecard.Score);
                Number(writer, "max", scorecard.Max);
                break;
            case GateDetail gate:
                Conditions(writer, "conditions", gate.Conditions, derivation);
                writer.WritePropertyName("passed");
                writer.WriteValue(gate.Passed);
                if (!gate.Passed && gate.Otherwise is { } reason) Property(writer, "otherwise", reason);
                break;
            case VetoDetail veto:
                writer.WritePropertyName("fired");
                writer.WriteValue(veto.Fired);
                break;
            case LevelsDetail levels:
                writer.WritePropertyName("levels");
                writer.WriteStartArray();
                foreach (var level in levels.Levels)
                {
                    writer.WriteStartObject();
                    Property(writer, "level", level.Level);
                    writer.WritePropertyName("met");
                    writer.WriteValue(level.OwnRequirementsHold);
                    Conditions(writer, "requirements", level.Requirements, derivation);
                    writer.WriteEndObject();
                }
                writer.WriteEndArray();
                Property(writer, "reached", levels.Levels[levels.Reached].Level);
                if (levels.Step is { } promotion)
                {
                    writer.WritePropertyName("step");
                    writer.WriteValue(promotion);
                }
                break;
            case EscalationDetail escalation:
                writer.WritePropertyName("periods");
                writer.WriteStartArray();
                foreach (var step in escalation.Steps)
                {
                    writer.WriteStartObject();
                    Property(writer, "period", step.Period.ToString());
                    Property(writer, "action", step.Action.ToString().ToLowerInvariant());
                    Number(writer, "value", step.Value);
                    writer.WriteEndObject();
                }
                writer.WriteEndArray();
                break;
            case OutputDetail output:
                if (output.Veto is { } fired) Property(writer, "vetoedBy", fired.Name);
                break;
            case PopulationDetail { Placement: var placement }:
                writer.WritePropertyName("group");
                writer.WriteStartObject();
                writer.WritePropertyName("size");
                writer.WriteValue(placement.GroupSize);
                if (placement.Place > 0)
                {
                    writer.WritePropertyName("place");
                    writer.WriteValue(placement.Place);
                    writer.WritePropertyName("tiedPlaces");
                    writer.WriteStartArray();
                    writer.WriteValue(placement.TiedFirst);
                    writer.WriteValue(placement.TiedLast);
                    writer.WriteEndArray();
                }
                writer.WritePropertyName("key");
                writer.WriteValue(ValueFormat.Format(placement.Key, PolicyType.Number));
                if (placement.Quotas is { } quotas)
                {
                    writer.WritePropertyName("quotas");
                    writer.WriteStartArray();
                    foreach (var quota in quotas) writer.WriteValue(quota);
                    writer.WriteEndArray();
                }
                if (placement.Place == 0)
                {
                    writer.WritePropertyName("eligible");
                    writer.WriteValue(placement.Eligible);
                    if (placement.Best is { } best) Property(writer, "best", ValueFormat.Format(best, PolicyType.Number));
                }
                writer.WriteEndObject();
                break;
        }
    }

    /// <summary>
    /// A calculation as data: each step's kind, its text (the operator, the name, the function), its exact value and
    /// type, and its parts — everything the text explanation substitutes, so a caller can print it its own way.
    /// </summary>
    private static void Calculation(JsonWriter writer, Calculation calculation)
    {
        writer.WriteStartObject();
        Property(writer, "kind", JsonNamingPolicyCamel(calculation.Kind.ToString()));
        Property(writer, "text", calculation.Text);
        writer.WritePropertyName("value");
        ValueJson.Write(writer, calculation.Value, calculation.Type);
        Property(writer, "type", calculation.Type.Display);
        if (calculation.Parts.Count > 0)
        {
            writer.WritePropertyName("parts");
            writer.WriteStartArray();
            foreach (var part in calculation.Parts) Calculation(writer, part);
            writer.WriteEndArray();
        }
        writer.WriteEndObject();
    }

    private static string JsonNamingPolicyCamel(string name) => char.ToLowerInvariant(name[0]) + name[1..];

    private static void Conditions(JsonWriter writer, string name, IReadOnlyList<CheckedCondition> conditions, Derivation derivation)
    {
        writer.WritePropertyName(name);
        writer.WriteStartArray();
        foreach (var condition in conditions)
        {
            var c = condition.Plan.Condition;
            writer.WriteStartObject();
            if (c.Label is { } label) Property(writer, "label", label.Text);
            Property(writer, "condition", Text(c.Test.Span));
            if (c.Description is { } description) Property(writer, "description", description);
            writer.WritePropertyName("holds");
            writer.WriteValue(condition.Holds);
            if (derivation.ConditionCalculations.TryGetValue(condition.Plan, out var sides))
            {
                if (sides.Left is { } left)
                {
                    writer.WritePropertyName("left");
                    Calculation(writer, left);
                }
                if (sides.Right is { } right)
                {
                    writer.WritePropertyName("right");
                    Calculation(writer, right);
                }
            }
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
    }

    private static void Location(JsonWriter writer, TextSpan span)
    {
        var (line, column) = span.StartPosition;
        Property(writer, "file", span.File);
        writer.WritePropertyName("line");
        writer.WriteValue(line);
        writer.WritePropertyName("column");
        writer.WriteValue(column);
    }

    private static string Kind(RulePlan rule) => rule switch
    {
        ScorecardRule => "scorecard",
        GateRule => "gate",
        VetoRule => "veto",
        LevelsRule => "levels",
        EscalationRule => "escalation",
        PopulationRule => "population",
        OutputRule => "output",
        _ => "definition",
    };

    private static void Property(JsonWriter writer, string name, string value)
    {
        writer.WritePropertyName(name);
        writer.WriteValue(value);
    }

    private static void Number(JsonWriter writer, string name, decimal value)
    {
        writer.WritePropertyName(name);
        writer.WriteValue(value.ToString(CultureInfo.InvariantCulture));
    }

    private static string Text(TextSpan span) => span.Source.Text[span.Start..span.End].ReplaceLineEndings(" ").Trim();
}
