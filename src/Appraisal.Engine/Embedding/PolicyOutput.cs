using Appraisal.Engine.Evaluation;
using Appraisal.Engine.Values;
using Appraisal.Policy.Semantics;

namespace Appraisal.Engine.Embedding;

/// <summary>
/// One output of an evaluation: its name, type and exact value. Numbers are exact decimals in the policy's units
/// (a percent is the fraction, money is yuan, a duration is hours).
/// </summary>
public sealed class PolicyOutput
{
    private readonly OutputValue _output;

    internal PolicyOutput(OutputValue output)
    {
        _output = output;
    }

    /// <summary>The output's name as the policy writes it (<c>KPI奖金</c>).</summary>
    public string Name => _output.Name;

    /// <summary>The type as the policy writes it (<c>money</c>, <c>bool</c>, <c>考核结论</c>).</summary>
    public string TypeName => _output.Type.Display;

    /// <summary>The kind of value.</summary>
    public FieldKind Kind => PolicyField.KindOf(_output.Type);

    /// <summary>The engine's value, for callers that need records or lists.</summary>
    public Value Value => _output.Value;

    /// <summary>True when the output has no value (e.g. it reads an optional input that is missing).</summary>
    public bool IsMissing => _output.Value.IsMissing;

    /// <summary>The exact number, with its scale (<c>700.00</c>); null when the output is not a number or is missing.</summary>
    public decimal? Number => _output.Value.Kind == ValueKind.Number ? _output.Value.AsNumber : null;

    /// <summary>The bool; null when the output is not a bool or is missing.</summary>
    public bool? Bool => _output.Value.Kind == ValueKind.Bool ? _output.Value.AsBool : null;

    /// <summary>
    /// The value as text: a text output, an enum member's name, a date (<c>2026-03-20</c>), a period; null for numbers,
    /// bools, records, lists and missing values.
    /// </summary>
    public string? Text => _output.Value.Kind is ValueKind.Text or ValueKind.Enum or ValueKind.Date or ValueKind.Period
        ? _output.Value.ToString()
        : null;

    /// <summary>The value as JSON, numbers as exact decimal strings (<c>"700.00"</c>), missing as <c>null</c>.</summary>
    public string Json => ValueJson.ToJson(_output.Value, _output.Type);

    /// <summary>The value with its unit as an employee reads it: <c>700.00 元</c>, <c>91 分</c>, <c>6%</c>.</summary>
    public string Display(bool chinese = false) => ValueFormat.Format(_output.Value, _output.Type, chinese);

    internal PolicyType Type => _output.Type;

    /// <summary><c>name = value</c> with its unit, in English.</summary>
    public override string ToString() => $"{Name} = {Display()}";
}
