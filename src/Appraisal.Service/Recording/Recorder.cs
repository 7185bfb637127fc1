using System.Data.Common;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Appraisal.Engine.Evaluation;
using Appraisal.Engine.Facts;
using Appraisal.Engine.Hosting;
using Appraisal.Engine.Planning;
using Appraisal.Engine.Values;
using Appraisal.Ledger;
using Appraisal.Service.V1;
using Google.Rpc;
using Grpc.Core;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using Lang = Appraisal.Policy.Diagnostics.Language;
using OutputValue = Appraisal.Service.V1.OutputValue;

namespace Appraisal.Service.Recording;

/// <summary>
/// What an evaluation asks of the ledger: recording its outcome (idempotent on the request id), answering a retry
/// from the record, and reading the earlier periods a policy's escalation rules need when the request does not carry
/// them. Never logs facts.
/// </summary>
public sealed class Recorder(LedgerHost host, TimeProvider clock, ILogger<Recorder> logger)
{
    private const int MaxHistoryPeriods = 1000;

    /// <summary>Null when the ledger is turned off.</summary>
    public ILedger? Ledger => host.Ledger;

    /// <summary>The checks a request to record must pass before anything is evaluated.</summary>
    public (string RequestId, PeriodValue Period) Demand(EvaluateRequest request, string streamRequestId, PeriodValue? period, Lang language)
    {
        if (host.Ledger is null) throw TurnedOff(language);
        if (string.IsNullOrWhiteSpace(request.SubjectId))
            throw Errors.InvalidField("subject_id", language == Lang.Zh ? "记录结果需要考核对象 id" : "a subject id is required to record the outcome").ToException();
        var requestId = request.RequestId.Length > 0 ? request.RequestId : streamRequestId;
        if (string.IsNullOrWhiteSpace(requestId))
            throw Errors.InvalidField("request_id", language == Lang.Zh
                ? "记录结果需要请求 id（重试时使用同一个 id，不会重复记录）"
                : "a request id is required to record the outcome (a retry with the same id never records twice)").ToException();
        if (period is null)
            throw Errors.InvalidField("period", language == Lang.Zh ? "记录结果需要考核周期，例如 2026-Q2" : "a period such as 2026-Q2 is required to record the outcome").ToException();
        return (requestId, period.Value);
    }

    /// <summary>
    /// The prefix of a fingerprint of the request's meaning. A stored fingerprint without it is a legacy one (of the
    /// request's spelling, from before v2) and is compared with <see cref="LegacyFingerprint"/>, so a retry of a request
    /// recorded by an older service is still recognised; no migration rewrites stored fingerprints (they cannot be
    /// recomputed: the earlier periods a request gave are not stored, and retention may have erased its facts).
    /// </summary>
    public const string FingerprintVersion = "v2:";

    /// <summary>
    /// A fingerprint of what was asked, to tell a retry (same request) from a reuse of its id for another one: the
    /// meaning of the request, not its spelling — the policy, the version that answers, the subject, the period, the
    /// facts as validated (defaults applied, canonical decimals, declared order: <see cref="CanonicalFacts"/>) and the
    /// earlier periods given (in period order, outputs canonical), or none given.
    /// </summary>
    public static string Fingerprint(string policyId, string policyVersion, string subjectId, PeriodValue period, PolicyPlan plan,
        IReadOnlyList<Value> facts, IReadOnlyList<Engine.Evaluation.EarlierPeriod>? earlierGiven)
    {
        var text = new StringBuilder();
        void Add(string part) => text.Append(part.Length).Append(':').Append(part).Append('|');
        Add(policyId);
        Add(policyVersion);
        Add(subjectId);
        Add(period.ToString());
        Add(CanonicalFacts.Write(plan.Inputs, facts));
        if (earlierGiven is null)
        {
            Add("none");
        }
        else
        {
            var outputs = plan.OutputSchema;
            Add(earlierGiven.Count.ToString(CultureInfo.InvariantCulture));
            foreach (var earlier in earlierGiven.OrderBy(e => e.Period))
            {
                Add(earlier.Period.ToString());
                Add(CanonicalFacts.Write(outputs, earlier.Outputs));
            }
        }
        return FingerprintVersion + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    /// <summary>True when a stored fingerprint is of the request's meaning (<see cref="Fingerprint"/>), not a legacy one.</summary>
    public static bool IsMeaningFingerprint(string stored) => stored.StartsWith(FingerprintVersion, StringComparison.Ordinal);

    /// <summary>The fingerprint recorded before v2: of the request as spelled (only JSON whitespace ignored).</summary>
    public static string LegacyFingerprint(EvaluateRequest request, string factsJson)
    {
        var text = new StringBuilder();
        void Add(string part) => text.Append(part.Length).Append(':').Append(part).Append('|');
        Add(request.PolicyId);
        Add(request.Version);
        Add(request.SubjectId);
        Add(PeriodValue.TryParse(request.Period, out var period) ? period.ToString() : request.Period);
        Add(Canonical(factsJson));
        foreach (var earlier in request.EarlierPeriods)
        {
            Add(earlier.Period);
            Add(Canonical(earlier.OutputsJson));
        }
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    /// <summary>JSON without its layout (whitespace), as the legacy fingerprint saw it.</summary>
    private static string Canonical(string json)
    {
        try
        {
            return JToken.Parse(json).ToString(Formatting.None);
        }
        catch (JsonReaderException)
        {
            return json; // not JSON: the evaluation rejects it before anything is recorded
        }
    }

    /// <summary>The record of this request id, when it was recorded before (a retry, or a reuse of the id: see <see cref="Clash"/>).</summary>
    public Task<LedgerRecord?> FindAsync(string requestId, Lang language, CancellationToken cancellationToken) =>
        Guard(() => host.Ledger!.FindAsync(requestId, cancellationToken), language);

    /// <summary>
    /// The earlier periods of this subject under this policy from the ledger (latest revision of each), for a policy
    /// with rules over earlier periods whose request carries none; null when there is nothing to read.
    /// </summary>
    public async Task<(IReadOnlyList<Engine.Evaluation.EarlierPeriod> History, IReadOnlyList<LedgerRecord> Records)?> HistoryAsync(
        string policyId, PolicyPlan plan, string subjectId, PeriodValue period, Lang language, CancellationToken cancellationToken)
    {
        if (host.Ledger is not { } ledger || subjectId.Length == 0 || !plan.ReadsEarlierPeriods) return null;
        var query = new HistoryQuery(subjectId) { PolicyId = policyId, ToPeriod = period.Previous().ToString(), Limit = MaxHistoryPeriods };
        var records = await Guard(() => ledger.HistoryAsync(query, cancellationToken), language);
        var periods = new JObject();
        foreach (var record in records) periods[record.Period] = JObject.Parse(record.OutputsJson);
        var (history, errors) = JsonEvaluation.ReadHistory(plan, periods);
        if (errors.Count > 0)
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
            throw Errors.Status(Code.FailedPrecondition, language == Lang.Zh
                ? $"台账中该考核对象的往期结果与策略 {policyId} 当前的输出不符：请在请求中给出 earlier_periods"
                : $"the subject's recorded earlier periods do not fit the outputs of policy {policyId}: give earlier_periods in the request", failure).ToException();
        }
        return (history, records);
    }

    /// <summary>Records the outcome (durable when this returns). A concurrent retry that won the race is answered as a replay.</summary>
    public async Task<AppendResult> RecordAsync(LedgerRecord record, Lang language, CancellationToken cancellationToken)
    {
        var result = await Guard(() => host.Ledger!.AppendAsync(record, cancellationToken), language);
        if (result.Status == AppendStatus.Conflict) throw Clash(result.Record, language);
        return result;
    }

    public LedgerRecord NewRecord(string requestId, string fingerprint, EvaluateRequest request, PeriodValue period, string factsJson,
        EvaluateReply reply, string explanationText, string explanationJson, Lang language) => new()
    {
        RequestId = requestId,
        SubjectId = request.SubjectId,
        PolicyId = reply.PolicyId,
        Period = period.ToString(),
        PolicyVersion = reply.Version,
        DeclaredVersion = reply.DeclaredVersion,
        FactsJson = factsJson,
        OutputsJson = reply.OutputsJson,
        OutputsDetailJson = OutputsDetail(reply.Outputs),
        ExplanationText = explanationText,
        ExplanationJson = explanationJson,
        Language = language == Lang.Zh ? "zh" : "en",
        RequestHash = fingerprint,
        HistorySource = reply.HistorySource,
        RecordedAt = clock.GetUtcNow(),
    };

    /// <summary>The reply a retry gets: the recorded outcome, explained in the recorded language.</summary>
    public static EvaluateReply Replay(LedgerRecord record, ExplanationLevel explanation)
    {
        var reply = new EvaluateReply
        {
            PolicyId = record.PolicyId, Version = record.PolicyVersion, DeclaredVersion = record.DeclaredVersion,
            OutputsJson = record.OutputsJson, HistorySource = record.HistorySource, Record = Info(record, replayed: true),
        };
        reply.Outputs.AddRange(Outputs(record.OutputsDetailJson));
        if (explanation != ExplanationLevel.None) reply.ExplanationText = record.ExplanationText ?? "";
        if (explanation == ExplanationLevel.Full) reply.ExplanationJson = record.ExplanationJson ?? "";
        return reply;
    }

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
        };
        entry.Outputs.AddRange(Outputs(record.OutputsDetailJson));
        return entry;
    }

    public static AuditEntry Audit(LedgerRecord record) => new()
    {
        RequestId = record.RequestId, SubjectId = record.SubjectId, PolicyId = record.PolicyId, Period = record.Period,
        Revision = record.Revision, PolicyVersion = record.PolicyVersion, DeclaredVersion = record.DeclaredVersion,
        RecordedAt = Time(record.RecordedAt), OutputsJson = record.OutputsJson, HistorySource = record.HistorySource,
    };

    /// <summary>RFC 3339 in UTC with microseconds, the ledger's precision.</summary>
    public static string Time(DateTimeOffset time) => LedgerTime.Format(time);

    private static string OutputsDetail(IEnumerable<OutputValue> outputs)
    {
        var array = new JArray();
        foreach (var o in outputs) array.Add(new JObject { ["name"] = o.Name, ["type"] = o.Type, ["value"] = o.Value, ["missing"] = o.Missing });
        return array.ToString(Formatting.None);
    }

    private static IEnumerable<OutputValue> Outputs(string detailJson) => JArray.Parse(detailJson).OfType<JObject>().Select(o => new OutputValue
    {
        Name = (string?)o["name"] ?? "", Type = (string?)o["type"] ?? "", Value = (string?)o["value"] ?? "", Missing = (bool?)o["missing"] ?? false,
    });

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
    public Task<IReadOnlyList<LedgerRecord>> QueryAsync(Func<ILedger, Task<IReadOnlyList<LedgerRecord>>> query, Lang language)
    {
        var ledger = host.Ledger ?? throw TurnedOff(language);
        return Guard(() => query(ledger), language);
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
            logger.LogError(e, "The ledger {Ledger} failed", host.Ledger?.Description);
            throw Errors.Status(Code.Unavailable, language == Lang.Zh
                ? "台账暂时不可用：请稍后用同一个请求 id 重试"
                : "the ledger is unavailable: retry later with the same request id").ToException();
        }
    }
}
