using System.Collections.Concurrent;
using System.Globalization;
using Appraisal.Engine.Evaluation;
using Appraisal.Engine.Facts;
using Appraisal.Engine.Hosting;
using Appraisal.Engine.Planning;
using Appraisal.Engine.Values;
using Appraisal.Ledger.Recording;
using Appraisal.Ledger.Registry;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace Appraisal.Ledger.Replay;

/// <summary>
/// Exact replay: a recorded decision evaluated again from what the ledger kept — the version's files from the policy
/// registry (checked and planned again), the facts as given, the earlier periods the evaluation read, the period — and
/// compared output by output with what was recorded. A member of a group is replayed with its whole group (population
/// rules rank the members together). The same for the command line and the service; nothing here logs.
/// </summary>
public sealed class Replayer(ILedger ledger, ReplayEngine? engine = null)
{
    private readonly ReplayEngine _engine = engine ?? ReplayEngine.Tree;
    private readonly ConcurrentDictionary<string, Task<(PolicyPlan? Plan, string Reason)>> _plans = new(StringComparer.Ordinal);

    /// <summary>The limits facts are read again with: any document the service accepted, including its unknown fields when it allowed them.</summary>
    private static readonly FactLimits Limits = FactLimits.Default with
    {
        MaxJsonChars = int.MaxValue, MaxListLength = int.MaxValue, MaxGroupMembers = int.MaxValue, AllowUnknownFields = true,
    };

    /// <summary>Replays the record of one request (with its group, when it was evaluated in one).</summary>
    public async Task<Result<ReplayOutcome>> ReplayAsync(string requestId, CancellationToken cancellationToken = default)
    {
        var record = await ledger.FindAsync(requestId, cancellationToken);
        if (record is null) return new Failure.RecordNotFound(requestId);
        return await ReplayAsync(record, cancellationToken);
    }

    /// <summary>Replays one record.</summary>
    public async Task<ReplayOutcome> ReplayAsync(LedgerRecord record, CancellationToken cancellationToken = default)
    {
        if (record.GroupId is null) return await ReplaySingleAsync(record, cancellationToken);
        var group = await ReplayGroupAsync(record.GroupId, cancellationToken);
        return group.First(o => o.Record.RequestId == record.RequestId);
    }

    /// <summary>Replays every record the selection takes, each group once, in the order they were recorded.</summary>
    public async Task<ReplaySummary> ReplayAllAsync(ReplaySelection selection, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(selection);
        if (selection.Period is null && selection.SubjectId is null && selection.PolicyId is null)
            throw new ArgumentException("A replay takes a period, a subject or a policy.", nameof(selection));
        var records = await ledger.AuditAsync(new AuditQuery
        {
            Period = selection.Period, SubjectId = selection.SubjectId, PolicyId = selection.PolicyId, Limit = selection.Limit,
        }, cancellationToken);
        var outcomes = new List<ReplayOutcome>(records.Count);
        var groups = new Dictionary<string, IReadOnlyList<ReplayOutcome>>(StringComparer.Ordinal);
        foreach (var record in records)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (record.GroupId is not { } groupId)
            {
                outcomes.Add(await ReplaySingleAsync(record, cancellationToken));
                continue;
            }
            if (!groups.TryGetValue(groupId, out var group)) groups[groupId] = group = await ReplayGroupAsync(groupId, cancellationToken);
            outcomes.Add(group.First(o => o.Record.RequestId == record.RequestId));
        }
        return new ReplaySummary(outcomes);
    }

    private async Task<ReplayOutcome> ReplaySingleAsync(LedgerRecord record, CancellationToken cancellationToken)
    {
        var (plan, notReady) = await PreparedAsync(record, cancellationToken);
        if (notReady is not null) return notReady;
        var facts = FactReader.Read(plan!.Inputs, record.FactsJson!, Limits);
        if (!facts.IsValid) return NotReplayable(record, $"its facts no longer read: {facts.Errors[0].Message}");
        var (history, historyProblem) = History(plan, record);
        if (historyProblem is not null) return NotReplayable(record, historyProblem);
        Outcome outcome;
        try
        {
            outcome = _engine.Evaluate(plan, facts.Facts!, Options(record, history));
        }
        catch (EvaluationException e)
        {
            return NotReplayable(record, $"the evaluation failed: {e.Message}");
        }
        return Compare(record, outcome);
    }

    private async Task<IReadOnlyList<ReplayOutcome>> ReplayGroupAsync(string groupId, CancellationToken cancellationToken)
    {
        var members = await ledger.AuditAsync(new AuditQuery { GroupId = groupId, Limit = int.MaxValue }, cancellationToken);
        IReadOnlyList<ReplayOutcome> All(Func<LedgerRecord, ReplayOutcome> each) => members.Select(each).ToList();
        var first = members[0];
        var (plan, notReady) = await PreparedAsync(first, cancellationToken);
        if (notReady is not null) return All(m => notReady with { Record = m });
        if (members.FirstOrDefault(m => m.FactsJson is null) is { } erased)
            return All(m => new ReplayOutcome(m, ReplayStatus.FactsErased, [], $"the facts of group member {erased.SubjectId} were erased by retention", null));
        var facts = new List<Value[]>(members.Count);
        var histories = new List<IReadOnlyList<EarlierPeriod>>(members.Count);
        foreach (var member in members)
        {
            var read = FactReader.Read(plan!.Inputs, member.FactsJson!, Limits);
            if (!read.IsValid) return All(m => NotReplayable(m, $"the facts of group member {member.SubjectId} no longer read: {read.Errors[0].Message}"));
            var (history, problem) = History(plan, member);
            if (problem is not null) return All(m => NotReplayable(m, $"group member {member.SubjectId}: {problem}"));
            facts.Add(read.Facts!);
            histories.Add(history);
        }
        IReadOnlyList<Outcome> outcomes;
        try
        {
            outcomes = _engine.EvaluateGroup(plan!, facts, Options(first, []), histories);
        }
        catch (EvaluationException e)
        {
            return All(m => NotReplayable(m, $"the evaluation failed: {e.Message}"));
        }
        return members.Select((member, i) => Compare(member, outcomes[i])).ToList();
    }

    /// <summary>The plan of a record's version, or why the record cannot be replayed.</summary>
    private async Task<(PolicyPlan? Plan, ReplayOutcome? NotReady)> PreparedAsync(LedgerRecord record, CancellationToken cancellationToken)
    {
        if (record.FactsJson is null)
        {
            var when = record.ErasedAt is { } at ? " on " + at.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : "";
            return (null, new ReplayOutcome(record, ReplayStatus.FactsErased, [], $"its facts were erased by retention{when}", null));
        }
        var (plan, reason) = await _plans.GetOrAdd(record.PolicyId + "\0" + record.PolicyVersion, _ => PlanAsync(record.PolicyId, record.PolicyVersion, cancellationToken));
        if (plan is null)
            return (null, new ReplayOutcome(record, reason.Length == 0 ? ReplayStatus.VersionNotKept : ReplayStatus.NotReplayable, [],
                reason.Length == 0 ? $"the registry keeps no version {record.PolicyVersion} of {record.PolicyId}" : reason, null));
        if (record.HistorySource != "none" && record.EarlierJson is null && plan.ReadsEarlierPeriods)
            return (null, NotReplayable(record, "the earlier periods it read were not kept (recorded before the ledger kept them)"));
        return (plan, null);
    }

    private async Task<(PolicyPlan? Plan, string Reason)> PlanAsync(string policyId, string version, CancellationToken cancellationToken)
    {
        var kept = await ledger.FindVersionAsync(policyId, version, cancellationToken);
        if (kept is null) return (null, "");
        var (plan, problem) = PolicyRegistry.Plan(kept);
        return (plan, problem?.En ?? "");
    }

    private static (IReadOnlyList<EarlierPeriod> History, string? Problem) History(PolicyPlan plan, LedgerRecord record)
    {
        if (record.EarlierJson is null) return ([], null);
        var (history, errors) = JsonEvaluation.ReadHistory(plan, record.EarlierJson);
        return errors.Count > 0 ? ([], $"the earlier periods it read no longer fit: {errors[0].Message}") : (history, null);
    }

    private static EvaluationOptions Options(LedgerRecord record, IReadOnlyList<EarlierPeriod> history) => new()
    {
        Explain = true, Period = PeriodValue.TryParse(record.Period, out var period) ? period : null, History = history,
    };

    private static ReplayOutcome NotReplayable(LedgerRecord record, string reason) => new(record, ReplayStatus.NotReplayable, [], reason, null);

    /// <summary>The replayed outputs against the recorded ones, name by name, as the ledger writes them.</summary>
    private static ReplayOutcome Compare(LedgerRecord record, Outcome outcome)
    {
        var recorded = JObject.Parse(record.OutputsJson, new JsonLoadSettings { DuplicatePropertyNameHandling = DuplicatePropertyNameHandling.Error });
        var replayed = JObject.Parse(Appraiser.OutputsJson(outcome));
        var differences = new List<OutputDifference>();
        foreach (var (name, value) in replayed)
        {
            var before = recorded[name];
            if (!JToken.DeepEquals(before, value)) differences.Add(new OutputDifference(name, Text(before), Text(value)));
        }
        foreach (var (name, value) in recorded)
        {
            if (!replayed.ContainsKey(name)) differences.Add(new OutputDifference(name, Text(value), null));
        }
        return new ReplayOutcome(record, differences.Count == 0 ? ReplayStatus.Identical : ReplayStatus.Different, differences, "", outcome);
    }

    private static string? Text(JToken? token) => token switch
    {
        null => null,
        JValue { Type: JTokenType.String } s => (string)s!,
        _ => token.ToString(Formatting.None),
    };
}
