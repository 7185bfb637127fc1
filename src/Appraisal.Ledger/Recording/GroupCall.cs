using Appraisal.Engine.Evaluation;
using Appraisal.Engine.Facts;
using Appraisal.Engine.Values;
using Appraisal.Policy.Diagnostics;

namespace Appraisal.Ledger.Recording;

/// <summary>
/// A group evaluated together (ranking, forced distribution, selection): <see cref="MembersJson"/> is an object of member
/// id → facts. Recorded, each member's outcome is a record of its own, subject the member id, request id
/// <c>{RequestId}/{member id}</c>, all written in one transaction.
/// </summary>
public sealed record GroupCall
{
    public required ServedPolicy Policy { get; init; }
    public string PinnedVersion { get; init; } = "";
    public PeriodValue? Period { get; init; }
    public required string MembersJson { get; init; }
    /// <summary>Earlier periods given for every member; none given: each member's are read from the ledger when the policy needs them.</summary>
    public IReadOnlyList<GivenPeriod> EarlierPeriods { get; init; } = [];
    public ExplanationDetail Explanation { get; init; }
    public Language Language { get; init; }
    public bool Record { get; init; }
    public string RequestId { get; init; } = "";
    /// <summary>The most characters of a member id when the group is recorded (each is a subject id).</summary>
    public int MaxIdChars { get; init; } = 256;
    public long Budget { get; init; } = EvaluationOptions.Default.Budget;
    public FactLimits Limits { get; init; } = FactLimits.Default;
}
