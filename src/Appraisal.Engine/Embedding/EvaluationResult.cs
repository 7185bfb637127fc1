using System.Globalization;
using Appraisal.Engine.Evaluation;
using Appraisal.Engine.Facts;
using Appraisal.Engine.Hosting;
using Appraisal.Policy.Diagnostics;
using Newtonsoft.Json;

namespace Appraisal.Engine.Embedding;

/// <summary>
/// What one evaluation gave: the outputs, or why there are none — the facts' violations (<see cref="FactErrors"/>) or
/// an <see cref="Error"/>. Anything the caller got wrong is reported here, never thrown.
/// </summary>
public sealed class EvaluationResult
{
    // Made when first asked for: a caller that only writes the outputs as JSON, or reads one, pays for no list.
    private PolicyOutput[]? _outputs;

    private EvaluationResult(Outcome? outcome, IReadOnlyList<FactError> factErrors, EvaluationError? error)
    {
        Outcome = outcome;
        FactErrors = factErrors;
        Error = error;
    }

    internal static EvaluationResult Of(JsonEvaluationResult result) =>
        new(result.Outcome, result.FactErrors, result.Error is { } error ? EvaluationError.Of(error) : null);

    internal static EvaluationResult Of(Outcome outcome) => new(outcome, [], null);

    internal static EvaluationResult Failed(EvaluationError error) => new(null, [], error);

    internal static EvaluationResult Invalid(IReadOnlyList<FactError> errors) => new(null, errors, null);

    /// <summary>True when the policy gave its outputs.</summary>
    public bool Succeeded => Outcome is not null;

    /// <summary>Every output, in the policy's order; empty when the evaluation failed.</summary>
    public IReadOnlyList<PolicyOutput> Outputs => _outputs ??= Outcome is null ? [] : Outcome.Outputs.Select(o => new PolicyOutput(o)).ToArray();

    /// <summary>The output named <paramref name="name"/>; <see cref="KeyNotFoundException"/> when the policy has no such output or the evaluation failed.</summary>
    public PolicyOutput this[string name] => Output(name) is { } output
        ? output
        : throw new KeyNotFoundException(Succeeded ? $"the policy has no output named '{name}'" : $"the evaluation failed, so it has no output '{name}': {this}");

    /// <summary>The output named <paramref name="name"/>, or null.</summary>
    public PolicyOutput? Output(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        foreach (var output in (PolicyOutput[])Outputs) // a policy has a handful of outputs: a scan beats a dictionary
        {
            if (string.Equals(output.Name, name, StringComparison.Ordinal)) return output;
        }
        return null;
    }

    /// <summary>Every violation in the facts, with its JSON path; empty when the facts were valid.</summary>
    public IReadOnlyList<FactError> FactErrors { get; }

    /// <summary>Why there is no outcome when the facts were valid: the policy has errors, bad options, or a runtime fault.</summary>
    public EvaluationError? Error { get; }

    /// <summary>The engine's outcome, for callers that need more (its explanation as data); null when it failed.</summary>
    public Outcome? Outcome { get; }

    /// <summary>True when an explanation was asked for (<see cref="PolicyEvaluationOptions.Explain"/>) and the evaluation succeeded.</summary>
    public bool HasExplanation => Outcome?.Explanation is not null;

    /// <summary>The explanation as text an employee can follow, in Chinese or English; null without <see cref="HasExplanation"/>.</summary>
    public string? ExplanationText(Language language = Language.Zh) =>
        HasExplanation ? Evaluation.ExplanationText.Render(Outcome!, language) : null;

    /// <summary>The explanation as JSON (every rule that took part, with its inputs and table rows); null without <see cref="HasExplanation"/>.</summary>
    public string? ExplanationJson(Formatting formatting = Formatting.Indented) =>
        HasExplanation ? Write(writer => Evaluation.ExplanationJson.Write(writer, Outcome!), formatting) : null;

    /// <summary>The outputs as a JSON object of name → value (numbers as exact decimal strings); null when it failed.</summary>
    public string? OutputsJson(Formatting formatting = Formatting.None) =>
        Outcome is { } outcome ? Write(writer => JsonEvaluation.WriteOutputs(writer, outcome), formatting) : null;

    /// <summary>The outputs one per line, or the fact errors, or the error.</summary>
    public override string ToString() =>
        Succeeded ? string.Join("\n", Outputs) : FactErrors.Count > 0 ? string.Join("\n", FactErrors.Select(e => e.Message)) : Error!.ToString();

    private static string Write(Action<JsonWriter> write, Formatting formatting)
    {
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        using (var writer = new JsonTextWriter(text) { Formatting = formatting }) write(writer);
        return text.ToString();
    }
}
