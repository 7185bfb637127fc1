namespace Appraisal.Ledger.Registry;

/// <summary>
/// A version published for a policy from a date on: evaluations of a period that starts on or after
/// <see cref="EffectiveFrom"/> use it, until a later effective date takes over (of two publications with the same
/// effective date, the later one: a correction). Never changed or deleted.
/// </summary>
/// <param name="Id">Assigned by the ledger, increasing: the order of publication.</param>
/// <param name="PublishedBy">Who published (the service: the caller's token name; the command line: <c>--by</c> or the user).</param>
public sealed record Publication(long Id, string PolicyId, string Version, DateOnly EffectiveFrom, string PublishedBy, DateTimeOffset PublishedAt,
    string Message)
{
    /// <summary>What a record says of a version chosen because this publication was in force: <c>published:N</c>.</summary>
    public string Basis => "published:" + Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
