using System.Data.Common;
using Appraisal.Engine.Evaluation;
using Appraisal.Engine.Facts;
using Appraisal.Engine.Testing;
using Appraisal.Ledger.Registry;
using Appraisal.Policy.Diagnostics;

namespace Appraisal.Ledger.Recording;

/// <summary>
/// Why an evaluation has no answer, as a value a host maps onto its own errors (a gRPC status, an exit code): a
/// caller's mistake, a policy fault at run time, or a ledger that cannot serve.
/// </summary>
public abstract record Failure
{
    private Failure() { }

    /// <summary>The facts (or the earlier periods given) do not fit the policy: every violation with its JSON path.</summary>
    /// <param name="PathPrefix">What the paths are inside: "" for the facts, e.g. <c>earlier_periods</c> for earlier periods.</param>
    /// <param name="Members">True when the paths are inside a group's object of members.</param>
    public sealed record FactsRejected(IReadOnlyList<FactError> Errors, string PathPrefix = "", bool Members = false) : Failure;

    /// <summary>The policy failed at run time (e.g. a division by zero), with its location.</summary>
    public sealed record EvaluationFailed(EvaluationException Error) : Failure;

    /// <summary>Recording needs a field the caller left empty (<c>subject_id</c>, <c>request_id</c>, <c>period</c>).</summary>
    public sealed record Required(string Field, string MessageEn, string MessageZh) : Failure;

    /// <summary>The request id was recorded before for a different request.</summary>
    public sealed record RequestIdReused(LedgerRecord Earlier) : Failure;

    /// <summary>The subject's recorded earlier periods do not fit the policy's outputs now (paths inside the ledger's periods).</summary>
    public sealed record LedgerHistoryUnfit(string PolicyId, IReadOnlyList<FactError> Errors) : Failure;

    /// <summary>Recording was asked of a host that runs without a ledger.</summary>
    public sealed record LedgerOff : Failure;

    /// <summary>The ledger could not be reached or failed; a retry with the same request id is safe.</summary>
    public sealed record LedgerUnavailable(DbException Exception) : Failure;

    /// <summary>A version that does not check clean, or whose own tests fail, is never published.</summary>
    public sealed record NotPublishable(string PolicyId, IReadOnlyList<Diagnostic> Errors, IReadOnlyList<FailedTest> FailedTests) : Failure;

    /// <summary>The registry keeps no such version of the policy (a replay of a record written before versions were kept, or a pinned hash never published).</summary>
    public sealed record VersionNotKept(string PolicyId, string Version) : Failure;

    /// <summary>No published version of the policy is in force for the period (it starts before the first effective date).</summary>
    public sealed record NotInForce(string PolicyId, string Period, DateOnly PeriodStart, Publication? First) : Failure;

    /// <summary>The record cannot be replayed: retention erased its facts.</summary>
    public sealed record FactsErased(LedgerRecord Record) : Failure;

    /// <summary>No record has this request id.</summary>
    public sealed record RecordNotFound(string RequestId) : Failure;
}
