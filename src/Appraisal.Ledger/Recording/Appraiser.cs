using System.Collections.Concurrent;
using System.Data.Common;
using System.Globalization;
using Appraisal.Engine.Evaluation;
using Appraisal.Engine.Facts;
using Appraisal.Engine.Hosting;
using Appraisal.Engine.Planning;
using Appraisal.Engine.Values;
using Appraisal.Engine.Versions;
using Appraisal.Ledger.Registry;
using Appraisal.Policy.Diagnostics;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace Appraisal.Ledger.Recording;

/// <summary>
/// The host-neutral core of an evaluation, the same for the gRPC service, its stream, REST and the command line: read
/// the facts, take earlier periods from the call or from the subject's records in the ledger, evaluate, and — when asked
/// — record the outcome with its full explanation, idempotently: a request id recorded before answers from the ledger
/// (a retry), or is refused when it was recorded for a different request. Every outcome is a value (<see cref="Answer"/>
/// or <see cref="Failure"/>), never a host's error type; hosts only translate. Nothing here logs.
/// </summary>
/// <param name="ledger">The ledger; null when the host runs without one (recording is then refused, and earlier
/// periods come only from the call).</param>
public sealed class Appraiser(ILedger? ledger, TimeProvider clock)
{
    /// <summary>
    /// Whether records keep their explanations (<see cref="LedgerOptions.StoreExplanations"/>); when not, nothing is
    /// explained on the write path unless the caller asks to see it, and a retry asking for one gets it regenerated.
    /// </summary>
    public bool StoreExplanations { get; init; } = LedgerOptions.DefaultStoreExplanations;

    private Replay.Replayer? _replayer;

    /// <summary>The replayer that regenerates explanations the ledger did not store (plans cached per version).</summary>
    private Replay.Replayer Replayer => _replayer ??= new Replay.Replayer(ledger!);

    /// <summary>The most earlier periods read from the ledger for one subject.</summary>
    public const int MaxHistoryPeriods = 1000;

    public ILedger? Ledger => ledger;

    /// <summary>The versions kept in the ledger's registry by this appraiser (id NUL version), so each is kept once.</summary>
    private readonly ConcurrentDictionary<string, bool> _kept = new(StringComparer.Ordinal);

    /// <summary>The request id of a group member's record: the group's request id, a slash, the member id.</summary>
    public static string MemberRequestId(string groupRequestId, string memberId) => groupRequestId + "/" + memberId;

    // ---- one evaluation ------------------------------------------------------------------------------------------

    public async Task<Result<Answer>> EvaluateAsync(EvaluationCall call, CancellationToken cancellationToken = default)
    {
        var policy = call.Policy;
        var plan = policy.Plan;
        var (given, givenJson, givenFailure) = ReadGiven(plan, call.EarlierPeriods);
        if (givenFailure is not null) return givenFailure;
        var options = new EvaluationOptions
        {
            Explain = call.Explanation != ExplanationDetail.None || (call.Record && StoreExplanations), // a stored explanation whatever the caller sees
            Budget = call.Budget, Period = call.Period, History = given ?? [],
        };
        if (call.Record && RecordingNeeds(call.SubjectId, call.RequestId, call.Period) is { } needed) return needed;

        // The facts are read first: a fingerprint is of what they mean, not of how they are spelled.
        if (call.Record && call.ReadFacts is not null) throw new ArgumentException("a recorded evaluation's facts are read from their text", nameof(call));
        var facts = call.ReadFacts?.Invoke(plan.Inputs, call.Limits) ?? FactReader.Read(plan.Inputs, call.FactsJson, call.Limits);
        string? fingerprint = null;
        if (call.Record)
        {
            if (facts.IsValid)
                fingerprint = Fingerprints.Of(policy.Id, policy.Version, call.SubjectId, call.Period!.Value, plan, facts.Facts!, given);
            var (earlier, unavailable) = await Ledgered(() => ledger!.FindAsync(call.RequestId, cancellationToken));
            if (unavailable is not null) return unavailable;
            if (earlier is not null)
            {
                if (IsRetry(call, earlier, fingerprint)) return await RetryAsync(earlier, call.Explanation, cancellationToken);
                if (facts.IsValid) return new Failure.RequestIdReused(earlier);
            }
        }
        if (!facts.IsValid) return new Failure.FactsRejected(facts.Errors);

        var historySource = call.EarlierPeriods.Count > 0 ? "request" : "none";
        IReadOnlyList<LedgerRecord> historyRecords = [];
        var earlierJson = givenJson;
        if (call.EarlierPeriods.Count == 0 && call.Period is { } period)
        {
            var (fromLedger, failure) = await LedgerHistoryAsync(policy.Id, plan, call.SubjectId, period, cancellationToken);
            if (failure is not null) return failure;
            if (fromLedger is { } found)
            {
                options = options with { History = found.History };
                historySource = "ledger";
                historyRecords = found.Records;
                earlierJson = found.Json;
            }
        }

        Outcome outcome;
        try
        {
            outcome = policy.Run(facts.Facts!, options);
        }
        catch (EvaluationException error)
        {
            return new Failure.EvaluationFailed(error);
        }
        var answer = NewAnswer(policy, outcome, call.Record && StoreExplanations ? ExplanationDetail.Full : call.Explanation, call.Language, historySource, historyRecords);
        if (!call.Record) return answer;

        if (await KeepAsync(policy, cancellationToken) is { } notKept) return notKept;
        var record = NewRecord(call.RequestId, fingerprint!, call.SubjectId, call.Period!.Value, call.FactsJson, answer, call.Language, clock.GetUtcNow(),
            policy.Basis, earlierJson, groupId: null, StoreExplanations);
        var (appended, down) = await Ledgered(() => ledger!.AppendAsync(record, cancellationToken));
        if (down is not null) return down;
        return appended!.Status switch
        {
            AppendStatus.Conflict => new Failure.RequestIdReused(appended.Record), // a concurrent request took the id first
            AppendStatus.Replayed => await RetryAsync(appended.Record, call.Explanation, cancellationToken), // a concurrent retry won the race
            _ => Shown(answer, call.Explanation) with { Record = appended.Record },
        };
    }

    /// <summary>
    /// Whether a recorded request is this one again. A legacy fingerprint is compared as spelled; a request answered by
    /// this version is compared by meaning; a request that left the version open, retried after the policy changed, is
    /// compared as the version that answered it reads it (or, when that version is no longer kept, as the current one
    /// does — the same when the inputs did not change).
    /// </summary>
    private static bool IsRetry(EvaluationCall call, LedgerRecord earlier, string? fingerprint)
    {
        var policy = call.Policy;
        if (!Fingerprints.IsOfMeaning(earlier.RequestHash))
            return earlier.RequestHash == Fingerprints.Legacy(policy.Id, call.PinnedVersion, call.SubjectId, call.Period!.Value.ToString(),
                call.FactsJson, call.EarlierPeriods);
        if (earlier.PolicyId != policy.Id || earlier.PolicyVersion == policy.Version) return earlier.RequestHash == fingerprint;
        if (call.PinnedVersion.Length > 0) return false;
        var plan = policy.KeptPlan?.Invoke(earlier.PolicyVersion) ?? policy.Plan;
        var facts = FactReader.Read(plan.Inputs, call.FactsJson, call.Limits);
        var (given, _, failure) = ReadGiven(plan, call.EarlierPeriods);
        return facts.IsValid && failure is null
            && earlier.RequestHash == Fingerprints.Of(policy.Id, earlier.PolicyVersion, call.SubjectId, call.Period!.Value, plan, facts.Facts!, given);
    }

    // ---- a group -------------------------------------------------------------------------------------------------

    /// <summary>
    /// A group evaluated together. Recorded, every member's outcome is written in one transaction, all or nothing; a
    /// retry of the whole group (the same request id, members and facts) answers every member from the ledger.
    /// </summary>
    public async Task<Result<GroupAnswer>> EvaluateGroupAsync(GroupCall call, CancellationToken cancellationToken = default)
    {
        var policy = call.Policy;
        var plan = policy.Plan;
        var (given, givenJson, givenFailure) = ReadGiven(plan, call.EarlierPeriods);
        if (givenFailure is not null) return givenFailure;
        if (call.Record && RecordingNeeds(subjectId: null, call.RequestId, call.Period) is { } needed) return needed;
        var (members, errors) = JsonEvaluation.ReadGroup(plan, call.MembersJson, call.Limits, cancellationToken);
        if (members is null) return new Failure.FactsRejected(errors, Members: true);
        if (call.Record && MemberIdErrors(members, call.MaxIdChars) is { Count: > 0 } idErrors) return new Failure.FactsRejected(idErrors, Members: true);

        string? groupFingerprint = null;
        if (call.Record)
        {
            var period = call.Period!.Value;
            groupFingerprint = Fingerprints.OfGroup(policy.Id, policy.Version, period, plan, Pairs(members), given);
            var found = new List<LedgerRecord>();
            foreach (var member in members)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var (earlier, unavailable) = await Ledgered(() => ledger!.FindAsync(MemberRequestId(call.RequestId, member.Id), cancellationToken));
                if (unavailable is not null) return unavailable;
                if (earlier is not null) found.Add(earlier);
            }
            if (found.Count > 0)
            {
                if (found.Count == members.Count && IsGroupRetry(call, members, found, groupFingerprint))
                {
                    var (retried, notExplained) = await ExplainedAsync(found, call.Explanation, cancellationToken);
                    if (notExplained is not null) return notExplained;
                    return new GroupAnswer(policy.Id, found[0].PolicyVersion, found[0].DeclaredVersion,
                        retried!.Select((record, i) => new MemberAnswer(members[i].Id, Replay(record, call.Explanation))).ToList())
                    {
                        Basis = found[0].VersionBasis,
                    };
                }
                return new Failure.RequestIdReused(found[0]);
            }
        }

        IReadOnlyList<IReadOnlyList<EarlierPeriod>>? histories = null;
        var historySources = new string[members.Count];
        var historyRecords = new IReadOnlyList<LedgerRecord>[members.Count];
        var earlierJson = new string?[members.Count];
        Array.Fill(historySources, call.EarlierPeriods.Count > 0 ? "request" : "none");
        Array.Fill(historyRecords, []);
        Array.Fill(earlierJson, givenJson);
        if (call.EarlierPeriods.Count == 0 && call.Period is { } current && ledger is not null && plan.ReadsEarlierPeriods)
        {
            var each = new IReadOnlyList<EarlierPeriod>[members.Count];
            for (var i = 0; i < members.Count; i++)
            {
                var (fromLedger, failure) = await LedgerHistoryAsync(policy.Id, plan, members[i].Id, current, cancellationToken);
                if (failure is not null) return failure;
                each[i] = fromLedger?.History ?? [];
                historySources[i] = "ledger";
                historyRecords[i] = fromLedger?.Records ?? [];
                earlierJson[i] = fromLedger?.Json;
            }
            histories = each;
        }

        var options = new EvaluationOptions
        {
            Explain = call.Explanation != ExplanationDetail.None || (call.Record && StoreExplanations), Budget = call.Budget, Period = call.Period,
            History = given ?? [],
        };
        var (outcomes, error) = JsonEvaluation.EvaluateGroup(plan, members, options, histories, cancellationToken);
        if (error is not null) return new Failure.EvaluationFailed(error);
        var detail = call.Record && StoreExplanations ? ExplanationDetail.Full : call.Explanation;
        var answers = outcomes!.Select((o, i) => NewAnswer(policy, o.Outcome, detail, call.Language, historySources[i], historyRecords[i])).ToList();
        GroupAnswer Group(IEnumerable<Answer> each) =>
            new(policy.Id, policy.Version, plan.Version ?? "", members.Zip(each, (member, answer) => new MemberAnswer(member.Id, answer)).ToList())
            {
                Basis = policy.Basis,
            };
        if (!call.Record) return Group(answers);

        if (await KeepAsync(policy, cancellationToken) is { } notKept) return notKept;
        var now = clock.GetUtcNow(); // one transaction, one time
        var records = members.Select((member, i) => NewRecord(MemberRequestId(call.RequestId, member.Id), Fingerprints.OfMember(groupFingerprint!, member.Id),
            member.Id, call.Period!.Value, CanonicalFacts.Write(plan.Inputs, member.Facts), answers[i], call.Language, now, policy.Basis, earlierJson[i],
            call.RequestId, StoreExplanations)).ToList();
        var (appended, down) = await Ledgered(() => ledger!.AppendGroupAsync(records, cancellationToken));
        if (down is not null) return down;
        if (appended!.FirstOrDefault(r => r.Status == AppendStatus.Conflict) is { } clash) return new Failure.RequestIdReused(clash.Record);
        // Members a concurrent retry recorded first answer as retries do.
        var (written, unexplained) = await ExplainedAsync(appended!.Select(r => r.Record).ToList(), call.Explanation, cancellationToken);
        if (unexplained is not null) return unexplained;
        return Group(appended!.Select((result, i) => result.Status == AppendStatus.Replayed
            ? Replay(written![i], call.Explanation)
            : Shown(answers[i], call.Explanation) with { Record = result.Record }));
    }

    /// <summary>Whether every member's record is of this group request (see <see cref="IsRetry"/> for a changed version).</summary>
    private static bool IsGroupRetry(GroupCall call, IReadOnlyList<GroupMember> members, IReadOnlyList<LedgerRecord> found, string fingerprint)
    {
        var policy = call.Policy;
        var version = found[0].PolicyVersion;
        if (found.Any(r => r.PolicyId != policy.Id || r.PolicyVersion != version || !Fingerprints.IsOfMeaning(r.RequestHash))) return false;
        if (version != policy.Version)
        {
            if (call.PinnedVersion.Length > 0) return false;
            var plan = policy.KeptPlan?.Invoke(version) ?? policy.Plan;
            var (read, _) = JsonEvaluation.ReadGroup(plan, call.MembersJson, call.Limits);
            var (given, _, failure) = ReadGiven(plan, call.EarlierPeriods);
            if (read is null || failure is not null) return false;
            fingerprint = Fingerprints.OfGroup(policy.Id, version, call.Period!.Value, plan, Pairs(read), given);
        }
        return found.Select((record, i) => record.RequestHash == Fingerprints.OfMember(fingerprint, members[i].Id)).All(same => same);
    }

    private static List<(string Id, Value[] Facts)> Pairs(IReadOnlyList<GroupMember> members) => members.Select(m => (m.Id, m.Facts)).ToList();

    /// <summary>A recorded group's member ids are subject ids: not blank, at most <paramref name="maxChars"/> characters, no control characters.</summary>
    private static List<FactError> MemberIdErrors(IReadOnlyList<GroupMember> members, int maxChars)
    {
        var errors = new List<FactError>();
        foreach (var member in members)
        {
            var id = member.Id;
            var control = id.AsSpan().IndexOfAnyInRange('\0', '\u001f');
            if (control < 0) control = id.AsSpan().IndexOfAnyInRange('\u007f', '\u009f');
            string? found = string.IsNullOrWhiteSpace(id) ? "a blank id"
                : id.Length > maxChars ? $"{id.Length} characters"
                : control >= 0 ? $"U+{(int)id[control]:X4} at character {control + 1}"
                : null;
            if (found is null) continue;
            errors.Add(new FactError(JsonPath.Root + JsonPath.Member(id), $"a member id that is a subject id: not blank, at most {maxChars} characters, no control characters", found)
            {
                ExpectedZh = $"可作考核对象 id 的成员 id：不为空，最多 {maxChars} 个字符，不含控制字符",
                FoundZh = string.IsNullOrWhiteSpace(id) ? "空 id" : id.Length > maxChars ? $"{id.Length} 个字符" : $"第 {control + 1} 个字符 U+{(int)id[control]:X4}",
            });
        }
        return errors;
    }

    // ---- shared steps --------------------------------------------------------------------------------------------

    /// <summary>What recording needs before anything is evaluated: a ledger, a subject (not for a group), a request id, a period.</summary>
    private Failure? RecordingNeeds(string? subjectId, string requestId, PeriodValue? period)
    {
        if (ledger is null) return new Failure.LedgerOff();
        if (subjectId is not null && string.IsNullOrWhiteSpace(subjectId))
            return new Failure.Required("subject_id", "a subject id is required to record the outcome", "记录结果需要考核对象 id");
        if (string.IsNullOrWhiteSpace(requestId))
            return new Failure.Required("request_id", "a request id is required to record the outcome (a retry with the same id never records twice)",
                "记录结果需要请求 id（重试时使用同一个 id，不会重复记录）");
        if (period is null)
            return new Failure.Required("period", "a period such as 2026-Q2 is required to record the outcome", "记录结果需要考核周期，例如 2026-Q2");
        return null;
    }

    /// <summary>
    /// Earlier periods the caller gave (null when none), read by the rules of facts: strict JSON, each key once, numbers
    /// as decimals, outputs of the policy's types.
    /// </summary>
    private static (IReadOnlyList<EarlierPeriod>? History, string? Json, Failure? Failure) ReadGiven(PolicyPlan plan, IReadOnlyList<GivenPeriod> given)
    {
        if (given.Count == 0) return (null, null, null);
        var periods = new JObject();
        for (var i = 0; i < given.Count; i++)
        {
            var (outputs, errors) = JsonEvaluation.ParseStrict(given[i].OutputsJson);
            if (outputs is null)
                return (null, null, new Failure.FactsRejected(errors, string.Create(CultureInfo.InvariantCulture, $"earlier_periods[{i}].outputs_json")));
            periods[given[i].Period] = outputs;
        }
        var (history, historyErrors) = JsonEvaluation.ReadHistory(plan, periods);
        return historyErrors.Count > 0
            ? (null, null, new Failure.FactsRejected(historyErrors, "earlier_periods"))
            : (history, periods.ToString(Formatting.None), null);
    }

    /// <summary>
    /// The subject's earlier periods under this policy from the ledger (the latest revision of each), for a policy with
    /// rules over earlier periods; null when there is nothing to read (no ledger, no subject, a policy that reads none).
    /// </summary>
    private async Task<((IReadOnlyList<EarlierPeriod> History, IReadOnlyList<LedgerRecord> Records, string Json)? Found, Failure? Failure)> LedgerHistoryAsync(
        string policyId, PolicyPlan plan, string subjectId, PeriodValue period, CancellationToken cancellationToken)
    {
        if (ledger is null || subjectId.Length == 0 || !plan.ReadsEarlierPeriods) return (null, null);
        var query = new HistoryQuery(subjectId) { PolicyId = policyId, ToPeriod = period.Previous().ToString(), Limit = MaxHistoryPeriods };
        var (records, unavailable) = await Ledgered(() => ledger.HistoryAsync(query, cancellationToken));
        if (unavailable is not null) return (null, unavailable);
        var periods = new JObject();
        foreach (var record in records!) periods[record.Period] = JObject.Parse(record.OutputsJson);
        var (history, errors) = JsonEvaluation.ReadHistory(plan, periods);
        if (errors.Count > 0) return (null, new Failure.LedgerHistoryUnfit(policyId, errors));
        return ((history, records, periods.ToString(Formatting.None)), null);
    }

    private Answer NewAnswer(ServedPolicy policy, Outcome outcome, ExplanationDetail detail, Language language, string historySource,
        IReadOnlyList<LedgerRecord> history)
    {
        var (text, json) = Explain(outcome, detail, language);
        return new Answer
        {
            PolicyId = policy.Id, Version = policy.Version, DeclaredVersion = policy.Plan.Version ?? "", Basis = policy.Basis,
            Outputs = RecordedOutput.Of(outcome), OutputsJson = OutputsJson(outcome), ExplanationText = text, ExplanationJson = json,
            HistorySource = historySource, History = history, Outcome = outcome,
        };
    }

    /// <summary>An answer with only the explanation the caller asked to see.</summary>
    private static Answer Shown(Answer answer, ExplanationDetail detail) => answer with
    {
        ExplanationText = detail == ExplanationDetail.None ? "" : answer.ExplanationText,
        ExplanationJson = detail == ExplanationDetail.Full ? answer.ExplanationJson : "",
    };

    private static LedgerRecord NewRecord(string requestId, string fingerprint, string subjectId, PeriodValue period, string factsJson, Answer answer,
        Language language, DateTimeOffset recordedAt, string basis, string? earlierJson, string? groupId, bool storeExplanation) => new()
    {
        RequestId = requestId,
        SubjectId = subjectId,
        PolicyId = answer.PolicyId,
        Period = period.ToString(),
        PolicyVersion = answer.Version,
        DeclaredVersion = answer.DeclaredVersion,
        FactsJson = factsJson,
        OutputsJson = answer.OutputsJson,
        OutputsDetailJson = RecordedOutput.ToJson(answer.Outputs),
        ExplanationText = storeExplanation ? answer.ExplanationText : null,
        ExplanationJson = storeExplanation ? answer.ExplanationJson : null,
        Language = language == Language.Zh ? "zh" : "en",
        RequestHash = fingerprint,
        HistorySource = answer.HistorySource,
        RecordedAt = recordedAt,
        EngineVersion = Engine.Versions.EngineVersion.Current,
        VersionBasis = basis,
        EarlierJson = earlierJson,
        GroupId = groupId,
    };

    /// <summary>
    /// Keeps the version in the ledger's registry before its first recorded outcome (once per version for this
    /// appraiser), so every record can be replayed from the files that produced it.
    /// </summary>
    private async Task<Failure?> KeepAsync(ServedPolicy policy, CancellationToken cancellationToken)
    {
        var key = policy.Id + "\0" + policy.Version;
        if (_kept.ContainsKey(key)) return null;
        var version = new StoredVersion(policy.Id, policy.Version, policy.Source, policy.Plan.Version ?? "", policy.SourcePath, clock.GetUtcNow());
        var (_, failure) = await Ledgered(() => ledger!.KeepVersionAsync(version, cancellationToken));
        if (failure is null) _kept.TryAdd(key, true);
        return failure;
    }

    /// <summary>
    /// The answer a retry gets: the recorded outcome, explained in the recorded language — regenerated by replay when the
    /// ledger did not store the explanation and the caller asks to see one.
    /// </summary>
    private async Task<Result<Answer>> RetryAsync(LedgerRecord record, ExplanationDetail detail, CancellationToken cancellationToken)
    {
        var (explained, unavailable) = await ExplainedAsync([record], detail, cancellationToken);
        return unavailable is not null ? unavailable : Replay(explained![0], detail);
    }

    /// <summary>
    /// Records read for a reader (history, a record's statement) with the explanations the ledger did not store
    /// regenerated by replay (<see cref="Replay.Replayer.WithExplanationsAsync"/>). Throws what the ledger throws.
    /// </summary>
    public Task<IReadOnlyList<LedgerRecord>> WithExplanationsAsync(IReadOnlyList<LedgerRecord> records, CancellationToken cancellationToken = default) =>
        ledger is null ? Task.FromResult(records) : Replayer.WithExplanationsAsync(records, cancellationToken);

    /// <summary>Records whose explanations the caller will see, regenerated where the ledger did not store them.</summary>
    private async Task<(IReadOnlyList<LedgerRecord>? Records, Failure? Failure)> ExplainedAsync(IReadOnlyList<LedgerRecord> records, ExplanationDetail detail,
        CancellationToken cancellationToken)
    {
        if (detail == ExplanationDetail.None || records.All(r => r.ExplanationText is not null || r.FactsJson is null)) return (records, null);
        return await Ledgered(() => Replayer.WithExplanationsAsync(records, cancellationToken));
    }

    /// <summary>The answer a retry gets: the recorded outcome, explained in the recorded language.</summary>
    public static Answer Replay(LedgerRecord record, ExplanationDetail detail) => new()
    {
        PolicyId = record.PolicyId, Version = record.PolicyVersion, DeclaredVersion = record.DeclaredVersion, Basis = record.VersionBasis,
        Outputs = RecordedOutput.FromJson(record.OutputsDetailJson), OutputsJson = record.OutputsJson,
        ExplanationText = detail == ExplanationDetail.None ? "" : record.ExplanationText ?? "",
        ExplanationJson = detail == ExplanationDetail.Full ? record.ExplanationJson ?? "" : "",
        HistorySource = record.HistorySource, Record = record, Replayed = true,
    };

    /// <summary>The explanation as text and as data, as far as <paramref name="detail"/> asks.</summary>
    public static (string Text, string Json) Explain(Outcome outcome, ExplanationDetail detail, Language language)
    {
        if (detail == ExplanationDetail.None || outcome.Explanation is null) return ("", "");
        var text = ExplanationText.Render(outcome, language);
        if (detail != ExplanationDetail.Full) return (text, "");
        using var json = new StringWriter(CultureInfo.InvariantCulture);
        using (var writer = new JsonTextWriter(json)) ExplanationJson.Write(writer, outcome);
        return (text, json.ToString());
    }

    /// <summary>The outputs as one JSON object, numbers as exact decimal strings.</summary>
    public static string OutputsJson(Outcome outcome)
    {
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        using (var writer = new JsonTextWriter(text)) JsonEvaluation.WriteOutputs(writer, outcome);
        return text.ToString();
    }

    /// <summary>A ledger operation; a store that cannot be reached or fails is <see cref="Failure.LedgerUnavailable"/>.</summary>
    private static async Task<(T? Value, Failure? Failure)> Ledgered<T>(Func<Task<T>> operation)
    {
        try
        {
            return (await operation(), null);
        }
        catch (DbException e)
        {
            return (default, new Failure.LedgerUnavailable(e));
        }
    }
}
