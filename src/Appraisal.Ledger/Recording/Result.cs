namespace Appraisal.Ledger.Recording;

/// <summary>An answer, or why there is none: exactly one of the two is set.</summary>
public sealed record Result<T>(T? Value, Failure? Failure) where T : class
{
    public static implicit operator Result<T>(T value) => new(value, null);

    public static implicit operator Result<T>(Failure failure) => new(null, failure);
}
