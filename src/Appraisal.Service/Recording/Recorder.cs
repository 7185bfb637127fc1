using System.Data.Common;
using Appraisal.Engine.Facts;
using Appraisal.Ledger;
using Appraisal.Ledger.Recording;
using Appraisal.Service.V1;
using Google.Rpc;
using Grpc.Core;
using Lang = Appraisal.Policy.Diagnostics.Language;
using OutputValue = Appraisal.Service.V1.OutputValue;

namespace Appraisal.Service.Recording;

/// <summary>
/// The service's side of recording: the ledger it records into, the <see cref="Appraiser"/> (the host-neutral core that
/// evaluates, records and replays) over it, and the translation of what the core and the ledger answer into replies and
/// statuses. Never logs facts.
/// </summary>
public sealed class Recorder(LedgerHost host, TimeProvider clock, ILogger<Recorder> logger)
{
    /// <summary>Null when the ledger is turned off.</summary>
    public ILedger? Ledger => host.Ledger;

    /// <summary>The core evaluations go through.</summary>
    public Appraiser Appraiser { get; } = new(host.Ledger, clock) { StoreExplanations = host.Options.StoreExplanations };

    /// <summary>The prefix of a fingerprint of a request's meaning (<see cref="Fingerprints.Version"/>).</summary>
    public const string FingerprintVersion = Fingerprints.Version;

    /// <summary>The fingerprint recorded before v2, of the request as spelled (<see cref="Fingerprints.Legacy"/>).</summary>
    public static string LegacyFingerprint(EvaluateRequest request, string factsJson) =>
        Fingerprints.Legacy(request.PolicyId, request.Version, request.SubjectId, request.Period, factsJson,
            request.EarlierPeriods.Select(e => new GivenPeriod(e.Period, e.OutputsJson)).ToList());

    /// <summary>
    /// The status for a failure of the core: INVALID_ARGUMENT for facts and missing fields, ALREADY_EXISTS for a
    /// reused request id, FAILED_PRECONDITION for ledger history that no longer fits or a ledger turned off,
    /// UNAVAILABLE (logged on <paramref name="logger"/>, without facts) for a ledger that cannot be reached.
    /// </summary>
    public static RpcException Status(Failure failure, Lang language, ILogger logger, string? ledger) => failure switch
    {
        Failure.FactsRejected f => Errors.Facts(f.Errors, language, f.PathPrefix, f.Members).ToException(),
        Failure.EvaluationFailed f => Errors.Evaluation(f.Error, language).ToException(),
        Failure.Required f => Errors.InvalidField(f.Field, language == Lang.Zh ? f.MessageZh : f.MessageEn).ToException(),
        Failure.RequestIdReused f => Clash(f.Earlier, language),
        Failure.LedgerHistoryUnfit f => HistoryUnfit(f.PolicyId, f.Errors, language),
        Failure.LedgerOff => TurnedOff(language),
        Failure.LedgerUnavailable f => Unavailable(f.Exception, language, logger, ledger),
        Failure.NotPublishable f => NotPublishable(f, language),
        Failure.VersionNotKept f => Errors.NotFound("policy version", $"{f.PolicyId}@{f.Version}", language == Lang.Zh
            ? $"策略登记簿中没有策略 {f.PolicyId} 的版本 {f.Version}"
            : $"the policy registry keeps no version {f.Version} of policy {f.PolicyId}").ToException(),
        Failure.NotInForce f => NotInForce(f, language),
        Failure.FactsErased f => Errors.Status(Code.FailedPrecondition, language == Lang.Zh
            ? $"记录 {f.Record.RequestId} 的事实已按保留期限于 {f.Record.ErasedAt:yyyy-MM-dd} 删除，无法重放"
            : $"the facts of record {f.Record.RequestId} were erased by retention on {f.Record.ErasedAt:yyyy-MM-dd}; it cannot be replayed",
            new PreconditionFailure
            {
                Violations = { new PreconditionFailure.Types.Violation { Type = "FACTS_ERASED", Subject = f.Record.RequestId, Description = "erased by retention" } },
            }).ToException(),
        Failure.RecordNotFound f => Errors.NotFound("ledger record", f.RequestId, language == Lang.Zh
            ? $"台账中没有请求 id 为 {f.RequestId} 的记录" : $"the ledger has no record of request {f.RequestId}").ToException(),
        _ => throw new ArgumentOutOfRangeException(nameof(failure), failure.GetType().Name, "a failure the service does not map"),
    };

    /// <summary>FAILED_PRECONDITION: a version with errors or failing tests is not published; each is a violation.</summary>
    private static RpcException NotPublishable(Failure.NotPublishable refused, Lang language)
    {
        var failure = new PreconditionFailure();
        foreach (var d in refused.Errors)
        {
            var (line, column) = d.Span.StartPosition;
            failure.Violations.Add(new PreconditionFailure.Types.Violation { Type = d.Code, Subject = $"{d.Span.File}({line},{column})", Description = d.Message(language) });
        }
        failure.Violations.AddRange(refused.FailedTests.Select(t => Errors.TestFailed(t, language)));
        var why = refused.Errors.Count > 0
            ? language == Lang.Zh ? $"有 {refused.Errors.Count} 个错误" : $"it has {refused.Errors.Count} error(s)"
            : language == Lang.Zh ? $"有 {refused.FailedTests.Count} 个测试未通过" : $"{refused.FailedTests.Count} of its tests fail";
        return Errors.Status(Code.FailedPrecondition, language == Lang.Zh
            ? $"策略 {refused.PolicyId} 未发布：{why}" : $"policy {refused.PolicyId} was not published: {why}", failure).ToException();
    }

    /// <summary>FAILED_PRECONDITION: no published version is in force for the period.</summary>
    private static RpcException NotInForce(Failure.NotInForce f, Lang language)
    {
        var first = f.First is { } p ? p.EffectiveFrom.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) : null;
        var message = language == Lang.Zh
            ? $"策略 {f.PolicyId} 在 {f.Period}（起于 {f.PeriodStart:yyyy-MM-dd}）没有生效的发布版本" + (first is null ? "：尚未发布" : $"：最早的发布自 {first} 起生效")
            : $"policy {f.PolicyId} has no published version in force for {f.Period} (starting {f.PeriodStart:yyyy-MM-dd})" +
              (first is null ? ": it has never been published" : $": the first publication takes effect on {first}");
        return Errors.Status(Code.FailedPrecondition, message, new PreconditionFailure
        {
            Violations = { new PreconditionFailure.Types.Violation { Type = "NOT_IN_FORCE", Subject = f.PolicyId, Description = message } },
        }).ToException();
    }

    /// <summary>FAILED_PRECONDITION: the subject's recorded earlier periods do not fit the policy's outputs (each misfit a violation).</summary>
    private static RpcException HistoryUnfit(string policyId, IReadOnlyList<FactError> errors, Lang language)
    {
        var failure = new PreconditionFailure();
        foreach (var error in errors)
        {
            failure.Violations.Add(new PreconditionFailure.Types.Violation
            {
                Type = "LEDGER_HISTORY", Subject = "ledger" + error.Path[1..],
                Description = language == Lang.Zh ? $"应为{error.ExpectedZh ?? error.Expected}，实际为 {error.FoundZh ?? error.Found}" : $"expected {error.Expected}, found {error.Found}",
            });
        }
        return Errors.Status(Code.FailedPrecondition, language == Lang.Zh
            ? $"台账中该考核对象的往期结果与策略 {policyId} 当前的输出不符：请在请求中给出 earlier_periods"
            : $"the subject's recorded earlier periods do not fit the outputs of policy {policyId}: give earlier_periods in the request", failure).ToException();
    }

    /// <summary>The reply for an answer of the core, evaluated now or replayed.</summary>
    public static EvaluateReply Reply(Answer answer)
    {
        var reply = new EvaluateReply
        {
            PolicyId = answer.PolicyId, Version = answer.Version, DeclaredVersion = answer.DeclaredVersion, OutputsJson = answer.OutputsJson,
            HistorySource = answer.HistorySource, ExplanationText = answer.ExplanationText, ExplanationJson = answer.ExplanationJson,
            VersionBasis = answer.Basis,
        };
        foreach (var o in answer.Outputs) reply.Outputs.Add(new OutputValue { Name = o.Name, Type = o.Type, Value = o.Value, Missing = o.Missing });
        if (answer.History.Count > 0) reply.History.AddRange(History(answer.History));
        if (answer.Record is { } record) reply.Record = Info(record, answer.Replayed);
        return reply;
    }

    /// <summary>The reply for a group's answer: each member's outcome, in the order given.</summary>
    public static EvaluateGroupReply Reply(GroupAnswer answer)
    {
        var reply = new EvaluateGroupReply
        {
            PolicyId = answer.PolicyId, Version = answer.Version, DeclaredVersion = answer.DeclaredVersion, VersionBasis = answer.Basis,
        };
        foreach (var (id, member) in answer.Members)
        {
            var outcome = new MemberOutcome
            {
                Id = id, OutputsJson = member.OutputsJson, ExplanationText = member.ExplanationText, ExplanationJson = member.ExplanationJson,
                HistorySource = member.HistorySource,
            };
            outcome.Outputs.AddRange(Outputs(member.Outputs));
            outcome.History.AddRange(History(member.History));
            if (member.Record is { } record) outcome.Record = Info(record, member.Replayed);
            reply.Members.Add(outcome);
        }
        return reply;
    }

    private static IEnumerable<OutputValue> Outputs(IEnumerable<RecordedOutput> outputs) =>
        outputs.Select(o => new OutputValue { Name = o.Name, Type = o.Type, Value = o.Value, Missing = o.Missing });

    private static IEnumerable<LedgerPeriod> History(IEnumerable<LedgerRecord> records) => records.Select(r => new LedgerPeriod
    {
        Period = r.Period, Revision = r.Revision, RequestId = r.RequestId, PolicyVersion = r.PolicyVersion,
    });

    public static RecordInfo Info(LedgerRecord record, bool replayed) => new()
    {
        RequestId = record.RequestId, Revision = record.Revision, RecordedAt = Time(record.RecordedAt), Replayed = replayed,
    };

    public static LedgerEntry Entry(LedgerRecord record)
    {
        var entry = new LedgerEntry
        {
            RequestId = record.RequestId, SubjectId = record.SubjectId, PolicyId = record.PolicyId, Period = record.Period,
            Revision = record.Revision, PolicyVersion = record.PolicyVersion, DeclaredVersion = record.DeclaredVersion,
            RecordedAt = Time(record.RecordedAt), FactsJson = record.FactsJson ?? "", OutputsJson = record.OutputsJson,
            ExplanationText = record.ExplanationText ?? "", ExplanationJson = record.ExplanationJson ?? "", Language = record.Language,
            HistorySource = record.HistorySource, ErasedAt = record.ErasedAt is { } erased ? Time(erased) : "",
            VersionBasis = record.VersionBasis, EngineVersion = record.EngineVersion, GroupId = record.GroupId ?? "",
            ExplanationRegenerated = record.ExplanationRegenerated,
        };
        entry.Outputs.AddRange(Outputs(RecordedOutput.FromJson(record.OutputsDetailJson)));
        return entry;
    }

    public static AuditEntry Audit(LedgerRecord record) => new()
    {
        RequestId = record.RequestId, SubjectId = record.SubjectId, PolicyId = record.PolicyId, Period = record.Period,
        Revision = record.Revision, PolicyVersion = record.PolicyVersion, DeclaredVersion = record.DeclaredVersion,
        RecordedAt = Time(record.RecordedAt), OutputsJson = record.OutputsJson, HistorySource = record.HistorySource,
        VersionBasis = record.VersionBasis, EngineVersion = record.EngineVersion, GroupId = record.GroupId ?? "",
    };

    /// <summary>RFC 3339 in UTC with microseconds, the ledger's precision.</summary>
    public static string Time(DateTimeOffset time) => LedgerTime.Format(time);

    /// <summary>ALREADY_EXISTS: the request id was recorded for a different request.</summary>
    public static RpcException Clash(LedgerRecord earlier, Lang language) =>
        Errors.Status(Code.AlreadyExists, language == Lang.Zh
                ? "该请求 id 已用于另一个请求（考核对象、周期、策略或事实不同）：新的评估请使用新的请求 id"
                : "the request id was already used for a different request (another subject, period, policy or facts): use a new request id for a new evaluation",
            // The ids are the caller's own and personal data: in the details, never in the message (which gets logged).
            new ResourceInfo
            {
                ResourceType = "ledger record", ResourceName = earlier.RequestId,
                Description = $"request id already recorded for subject {earlier.SubjectId}, period {earlier.Period}, policy {earlier.PolicyId}",
            }).ToException();

    /// <summary>A query of the ledger (history, audit); a store that cannot be reached is UNAVAILABLE.</summary>
    public Task<IReadOnlyList<LedgerRecord>> QueryAsync(Func<ILedger, Task<IReadOnlyList<LedgerRecord>>> query, Lang language) => UseAsync(query, language);

    /// <summary>Any use of the ledger (a query, a replay): FAILED_PRECONDITION when it is turned off, UNAVAILABLE when it cannot be reached.</summary>
    public Task<T> UseAsync<T>(Func<ILedger, Task<T>> use, Lang language)
    {
        var ledger = host.Ledger ?? throw TurnedOff(language);
        return Guard(() => use(ledger), language);
    }

    /// <summary>FAILED_PRECONDITION: recording and ledger queries need a ledger, and this service runs without one.</summary>
    public static RpcException TurnedOff(Lang language) => Errors.Status(Code.FailedPrecondition, language == Lang.Zh
        ? "台账已关闭（Ledger:Enabled = false）：不记录结果，也没有可查的记录"
        : "the ledger is turned off (Ledger:Enabled = false): nothing is recorded or can be read").ToException();

    /// <summary>A store that cannot be reached is UNAVAILABLE (retryable; a retry with the same request id is safe), logged without facts.</summary>
    private async Task<T> Guard<T>(Func<Task<T>> operation, Lang language)
    {
        try
        {
            return await operation();
        }
        catch (DbException e)
        {
            throw Unavailable(e, language, logger, host.Ledger?.Description);
        }
    }

    private static RpcException Unavailable(DbException exception, Lang language, ILogger logger, string? ledger)
    {
        logger.LogError(exception, "The ledger {Ledger} failed", ledger);
        return Errors.Status(Code.Unavailable, language == Lang.Zh
            ? "台账暂时不可用：请稍后用同一个请求 id 重试"
            : "the ledger is unavailable: retry later with the same request id").ToException();
    }
}
