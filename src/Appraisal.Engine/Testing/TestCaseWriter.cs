using System.Text;
using Appraisal.Engine.Evaluation;
using Appraisal.Engine.Planning;
using Appraisal.Engine.Values;
using Appraisal.Policy.Formatting;
using Appraisal.Policy.Semantics;

namespace Appraisal.Engine.Testing;

/// <summary>
/// Writes an evaluation as a test case of the policy language — the facts as <c>given</c>, the outcome as
/// <c>expect</c>, the period when there is one — so that a person who tried an employee can keep the answer as a case:
/// <code>
/// test "title" {
///   period 2026-03
///   given { 岗位: 普通售后客服, 退款率: 6%, 迟到: 1 }
///   expect { 得分: 91, 考核合格: true, KPI奖金: 700.00 yuan }
/// }
/// </code>
/// Values are written as literals the parser reads back to the same value: money with its scale (<c>700.00 yuan</c>),
/// a percent as a number of per cent (<c>6%</c>), points in <c>pts</c>, durations in <c>h</c>, enum members by name,
/// text quoted. An input left out or given its default is left out of <c>given</c>; an output with no value, or of a
/// derived unit no literal spells (<c>元/分</c>), is left out of <c>expect</c> and named in <see cref="Written.Skipped"/>.
/// </summary>
public static class TestCaseWriter
{
    /// <summary>The text of a case (lines joined with <c>\n</c>, no trailing newline) and the outputs it does not expect.</summary>
    public sealed record Written(string Text, IReadOnlyList<string> Skipped);

    public static Written Write(PolicyPlan plan, string title, IReadOnlyList<Value> facts, PeriodValue? period, Outcome outcome)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(facts);
        ArgumentNullException.ThrowIfNull(outcome);
        var given = new List<string>();
        foreach (var field in plan.Inputs.Fields)
        {
            var value = field.Slot < facts.Count ? facts[field.Slot] : Value.Missing;
            if (value.IsMissing || field.Default is { } d && d == value) continue;
            // An input no literal spells is still given: the case then fails its check, and the caller says so.
            given.Add($"{field.Name}: {Literal(value, field.Type) ?? "?"}");
        }
        var expected = new List<string>();
        var skipped = new List<string>();
        foreach (var output in outcome.Outputs)
        {
            if (!output.Value.IsMissing && Literal(output.Value, output.Type) is { } literal) expected.Add($"{output.Name}: {literal}");
            else skipped.Add(output.Name);
        }
        var text = new StringBuilder();
        text.Append("test ").Append(LiteralPrinter.Quote(title)).Append(" {\n");
        if (period is not null) text.Append("  period ").Append(period.ToString()).Append('\n');
        text.Append("  given { ").Append(string.Join(", ", given)).Append(" }\n");
        text.Append("  expect { ").Append(string.Join(", ", expected)).Append(" }\n");
        text.Append('}');
        return new Written(text.ToString(), skipped);
    }

    /// <summary>A value as a literal of the policy language, or null when none spells it.</summary>
    public static string? Literal(Value value, PolicyType type)
    {
        switch (value.Kind)
        {
            case ValueKind.Missing: return null;
            case ValueKind.Bool: return LiteralPrinter.Bool(value.AsBool);
            case ValueKind.Text: return value.AsText.Contains('\r') ? null : LiteralPrinter.Quote(value.AsText);
            case ValueKind.Date: return LiteralPrinter.Date(value.AsDate);
            case ValueKind.Period: return value.AsPeriod.ToString();
            case ValueKind.Enum: return value.EnumMember;
            case ValueKind.Number: return Number(value.AsNumber, type);
            case ValueKind.List:
                var element = type is ListType list ? list.Element : type;
                var items = value.AsList.Select(item => Literal(item, element)).ToList();
                return items.Any(i => i is null) ? null : "[" + string.Join(", ", items) + "]";
            case ValueKind.Record:
                var record = value.AsRecord;
                var fields = new List<string>();
                for (var i = 0; i < record.Type.Fields.Length; i++)
                {
                    if (record.Fields[i].IsMissing) continue;
                    if (Literal(record.Fields[i], record.Type.Fields[i].Type) is not { } field) return null;
                    fields.Add($"{record.Type.Fields[i].Name}: {field}");
                }
                return "{ " + string.Join(", ", fields) + " }";
            default: return null;
        }
    }

    private static string? Number(decimal number, PolicyType type)
    {
        var plain = ValueFormat.Plain(number);
        var trimmed = ValueFormat.Plain(ValueFormat.Trim(number));
        return type switch
        {
            NumericType { Kind: NumberKind.Percent, IsDimensionless: true } => ValueFormat.Percent(number) + "%",
            NumericType { Dimension: { Money: 1, Points: 0, Duration: 0 } } => plain + " yuan",
            NumericType { Dimension: { Money: 0, Points: 1, Duration: 0 } } => trimmed + " pts",
            NumericType { Dimension: { Money: 0, Points: 0, Duration: 1 } } => trimmed + "h",
            NumericType { IsDimensionless: false } => null,
            _ => trimmed,
        };
    }
}
