using Appraisal.Engine.Evaluation;
using Appraisal.Engine.Facts;

namespace Appraisal.Engine.Embedding;

/// <summary>
/// What evaluating a group together gave: each member's result in the members' order, or why there are none — the
/// members' fact violations (at <c>$['E001'].退款率</c>) or an error. Anything the caller got wrong is reported here.
/// </summary>
public sealed class GroupEvaluationResult
{
    private readonly Dictionary<string, EvaluationResult> _byId;

    private GroupEvaluationResult(IReadOnlyList<KeyValuePair<string, EvaluationResult>> members, IReadOnlyList<FactError> factErrors, EvaluationError? error)
    {
        Members = members;
        FactErrors = factErrors;
        Error = error;
        _byId = members.ToDictionary(m => m.Key, m => m.Value, StringComparer.Ordinal);
    }

    internal static GroupEvaluationResult Of(IReadOnlyList<(string Id, Outcome Outcome)> outcomes) =>
        new(outcomes.Select(o => KeyValuePair.Create(o.Id, EvaluationResult.Of(o.Outcome))).ToArray(), [], null);

    internal static GroupEvaluationResult Failed(EvaluationError error) => new([], [], error);

    internal static GroupEvaluationResult Invalid(IReadOnlyList<FactError> errors) => new([], errors, null);

    /// <summary>True when every member has its outputs.</summary>
    public bool Succeeded => FactErrors.Count == 0 && Error is null;

    /// <summary>Each member's id and result, in the members' order; empty when the group failed.</summary>
    public IReadOnlyList<KeyValuePair<string, EvaluationResult>> Members { get; }

    /// <summary>The result of the member with this id; <see cref="KeyNotFoundException"/> when there is none.</summary>
    public EvaluationResult this[string id] => _byId.TryGetValue(id, out var result)
        ? result
        : throw new KeyNotFoundException(Succeeded ? $"no member '{id}' in the group" : $"the group evaluation failed: {this}");

    /// <summary>Every violation in the members' facts, with its path; empty when they were valid.</summary>
    public IReadOnlyList<FactError> FactErrors { get; }

    /// <summary>Why there are no outcomes when the facts were valid.</summary>
    public EvaluationError? Error { get; }

    /// <summary>Each member's outputs, or the fact errors, or the error.</summary>
    public override string ToString() =>
        Succeeded ? string.Join("\n", Members.Select(m => $"{m.Key}: {m.Value.OutputsJson()}"))
        : FactErrors.Count > 0 ? string.Join("\n", FactErrors.Select(e => e.Message)) : Error!.ToString();
}
