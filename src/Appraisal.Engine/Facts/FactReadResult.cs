using Appraisal.Engine.Values;

namespace Appraisal.Engine.Facts;

/// <summary>The outcome of reading one fact set: the facts by input slot, or every violation found.</summary>
public sealed class FactReadResult
{
    internal FactReadResult(Value[]? facts, IReadOnlyList<FactError> errors)
    {
        Facts = facts;
        Errors = errors;
    }

    /// <summary>
    /// The value of each input at its <see cref="InputField.Slot"/>, defaults applied for absent optional inputs;
    /// null when the fact set was rejected.
    /// </summary>
    public Value[]? Facts { get; }

    /// <summary>Every violation, in the order they appear in the document (missing fields at the end of their object).</summary>
    public IReadOnlyList<FactError> Errors { get; }

    public bool IsValid => Facts is not null;

    /// <summary>True when at least one error is a limit being exceeded rather than an invalid value.</summary>
    public bool IsLimitExceeded => Errors.Any(e => e.Kind == FactErrorKind.LimitExceeded);
}
