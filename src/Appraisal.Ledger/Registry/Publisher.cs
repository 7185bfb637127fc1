using Appraisal.Engine;
using Appraisal.Engine.Testing;
using Appraisal.Engine.Versions;
using Appraisal.Ledger.Recording;
using Appraisal.Policy.Semantics;

namespace Appraisal.Ledger.Registry;

/// <summary>
/// Publishing, the same from the command line and the service: only a version that checks with no errors and whose
/// own tests pass is published; the publication keeps its files in the registry, with who, when, why and from when.
/// </summary>
public static class Publisher
{
    /// <summary>What is to be published: the checked files under a policy id, from a day on, by whom and why.</summary>
    public sealed record Request(string PolicyId, CheckedPolicy Check, string SourcePath, DateOnly EffectiveFrom, string PublishedBy, string Message);

    public static async Task<Result<Publication>> PublishAsync(ILedger ledger, Request request, DateTimeOffset now,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        ArgumentNullException.ThrowIfNull(request);
        var errors = request.Check.Diagnostics.Where(d => d.IsError).ToList();
        if (errors.Count > 0) return new Failure.NotPublishable(request.PolicyId, errors, []);
        var plan = PolicyPipeline.Plan(request.Check).Plan!; // checks clean, so it is planned
        var failed = FailedTest.Of(plan);
        if (!failed.IsEmpty) return new Failure.NotPublishable(request.PolicyId, [], failed);
        var version = new StoredVersion(request.PolicyId, PolicyHash.Of(request.Check), PolicySource.From(request.Check, request.PolicyId),
            plan.Version ?? "", request.SourcePath, now);
        try
        {
            return await ledger.PublishAsync(new PublicationRequest(version, request.EffectiveFrom, request.PublishedBy, request.Message, now),
                cancellationToken);
        }
        catch (System.Data.Common.DbException e)
        {
            return new Failure.LedgerUnavailable(e);
        }
    }
}
