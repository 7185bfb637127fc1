using Appraisal.Engine.Facts;

namespace Appraisal.Engine.Embedding;

/// <summary>
/// One validated fact set for one policy (from <see cref="FactBuilder.Build"/>), or every violation found in it.
/// Evaluating an invalid fact set gives a result with these <see cref="Errors"/>.
/// </summary>
public sealed class FactSet
{
    internal FactSet(LoadedPolicy policy, FactReadResult read)
    {
        Policy = policy;
        Read = read;
    }

    /// <summary>The policy the facts were validated for (and can only be evaluated by).</summary>
    public LoadedPolicy Policy { get; }

    internal FactReadResult Read { get; }

    /// <summary>True when every fact is valid.</summary>
    public bool IsValid => Read.IsValid;

    /// <summary>
    /// Every violation, in document order, with its JSON path (<c>$.考勤.迟到</c>, <c>$.投诉[2].结果</c>) and what was
    /// expected and found, in English and Chinese: the same errors the same facts written as JSON give.
    /// </summary>
    public IReadOnlyList<FactError> Errors => Read.Errors;

    /// <summary>
    /// The canonical JSON text of valid facts (every input in declared order, defaults applied, numbers without trailing
    /// zeros), e.g. to record or compare them; null when the facts are invalid.
    /// </summary>
    public string? ToJson() => Read.Facts is { } facts && Policy.Plan is { } plan ? CanonicalFacts.Write(plan.Inputs, facts) : null;

    /// <summary>"valid" or the errors, one per line.</summary>
    public override string ToString() => IsValid ? "valid facts" : string.Join("\n", Errors.Select(e => e.Message));
}
