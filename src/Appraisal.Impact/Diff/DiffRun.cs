using Appraisal.Engine;
using Appraisal.Engine.Compilation;
using Appraisal.Engine.Evaluation;
using Appraisal.Engine.Planning;
using Appraisal.Engine.Values;
using Appraisal.Impact.Teams;
using Appraisal.Policy.Text;

namespace Appraisal.Impact.Diff;

/// <summary>One comparison in progress: the accumulators, the subjects kept, the errors.</summary>
internal sealed class DiffRun
{
    private readonly DiffVersion _old, _new;
    private readonly TieredEvaluator _oldEvaluator, _newEvaluator;
    private readonly DiffOptions _options;
    private readonly EvaluationOptions _evaluation;
    private readonly CancellationToken _cancel;
    private readonly IReadOnlyList<DiffOutput> _outputs;
    private readonly OutputAccumulator[] _accumulators;
    private readonly List<SubjectChange> _subjects = [];
    private readonly List<TeamError> _errors = [];
    private readonly Dictionary<string, (Bilingual Message, int Count, List<string> Examples)> _oldFailures = [], _newFailures = [];
    private readonly (DiffOutput Output, ValueCounter Old, ValueCounter New)[] _histograms;
    private int _errorCount, _subjectCount, _changed, _unchanged, _failed, _failedOld, _failedNew;
    private PopulationInfo? _population;
    private readonly PopulationSource? _source;

    public DiffRun(DiffVersion old, DiffVersion @new, TieredEvaluator oldEvaluator, TieredEvaluator newEvaluator, DiffOptions options,
        PopulationSource? source, CancellationToken cancel)
    {
        (_old, _new, _oldEvaluator, _newEvaluator, _options, _source, _cancel) = (old, @new, oldEvaluator, newEvaluator, options, source, cancel);
        _evaluation = new EvaluationOptions { Period = options.Period, Budget = options.Budget };
        _outputs = PolicyDiff.Outputs(old.Plan, @new.Plan);
        _accumulators = [.. _outputs.Select(o => new OutputAccumulator(o, options.Top))];
        _histograms = [.. HistogramOutputs().Select(o =>
        {
            var accumulator = _accumulators[IndexOf(o.Name)];
            accumulator.OldCounts = new ValueCounter();
            accumulator.NewCounts = new ValueCounter();
            return (o, accumulator.OldCounts, accumulator.NewCounts);
        })];
    }

    private int IndexOf(string name)
    {
        for (var i = 0; i < _outputs.Count; i++) if (_outputs[i].Name == name) return i;
        return -1;
    }

    /// <summary>The score and the money output drawn: as the options say, else the first points output and the last money one.</summary>
    private IEnumerable<DiffOutput> HistogramOutputs()
    {
        var numeric = _outputs.Where(o => o.IsNumeric && o.OldType is not null && o.NewType is not null).ToList();
        DiffOutput? Named(string? name) => name is null ? null : numeric.FirstOrDefault(o => o.Name == name)
            ?? throw new ArgumentException($"'{name}' is not a numeric output of both versions", nameof(DiffOptions));
        var score = Named(_options.ScoreOutput) ?? numeric.FirstOrDefault(o => o.Kind == DiffOutputKind.Score)
            ?? numeric.FirstOrDefault(o => o.Kind == DiffOutputKind.Number);
        var money = Named(_options.MoneyOutput) ?? numeric.LastOrDefault(o => o.Kind == DiffOutputKind.Money);
        if (score is not null) yield return score;
        if (money is not null && money != score) yield return money;
    }

    public DiffResult Stream(IEnumerable<TeamMember> population)
    {
        foreach (var member in population)
        {
            _cancel.ThrowIfCancellationRequested();
            if (Read(member) is not { } facts) continue;
            _subjectCount++;
            if (_errorCount > 0) continue;
            var oldOutcome = Evaluate(_oldEvaluator, facts.Old, facts.OldHistory, member.Id, _oldFailures);
            var newOutcome = Evaluate(_newEvaluator, facts.New, facts.NewHistory, member.Id, _newFailures);
            Compare(member.Id, member.Row, oldOutcome, newOutcome);
        }
        return Finish();
    }

    public DiffResult Group(IEnumerable<TeamMember> population)
    {
        var members = new List<(string Id, int? Row)>();
        var oldFacts = new List<Value[]>();
        var newFacts = new List<Value[]>();
        var oldHistories = new List<IReadOnlyList<EarlierPeriod>>();
        var newHistories = new List<IReadOnlyList<EarlierPeriod>>();
        foreach (var member in population)
        {
            _cancel.ThrowIfCancellationRequested();
            if (Read(member) is not { } facts) continue;
            _subjectCount++;
            if (_subjectCount > _options.MaxGroupMembers)
            {
                if (_subjectCount == _options.MaxGroupMembers + 1)
                    AddError(new TeamError(member.Row, null, null, new Bilingual(
                        $"a group of at most {_options.MaxGroupMembers} members is evaluated together (population rules)",
                        $"含总体规则的策略至多对 {_options.MaxGroupMembers} 人一起计算")) { SubjectId = member.Id });
                continue;
            }
            if (_errorCount > 0) continue;
            members.Add((member.Id, member.Row));
            oldFacts.Add(facts.Old);
            newFacts.Add(facts.New);
            oldHistories.Add(facts.OldHistory);
            newHistories.Add(facts.NewHistory);
        }
        if (_errorCount > 0) return Finish();
        var oldOutcomes = EvaluateGroup(_old.Plan, oldFacts, oldHistories, members, _oldFailures);
        oldFacts.Clear();
        oldHistories.Clear();
        var newOutcomes = EvaluateGroup(_new.Plan, newFacts, newHistories, members, _newFailures);
        for (var i = 0; i < members.Count; i++) Compare(members[i].Id, members[i].Row, oldOutcomes?[i], newOutcomes?[i]);
        _population = new PopulationInfo([.. _old.Plan.PopulationRules.Select(r => r.Name)], [.. _new.Plan.PopulationRules.Select(r => r.Name)], members.Count);
        return Finish();
    }

    /// <summary>
    /// A member's facts and earlier periods as each version reads them (the earlier periods only for a version with
    /// rules over them); null when either version rejects any of it (every fault is added).
    /// </summary>
    private (Value[] Old, Value[] New, IReadOnlyList<EarlierPeriod> OldHistory, IReadOnlyList<EarlierPeriod> NewHistory)? Read(TeamMember member)
    {
        foreach (var error in member.Errors) AddError(error);
        var (oldFacts, oldErrors) = member.Read(_old.Plan.Inputs, _options.Limits);
        var (newFacts, newErrors) = member.Read(_new.Plan.Inputs, _options.Limits);
        var (oldHistory, oldHistoryErrors) = member.ReadEarlierPeriods(_old.Plan);
        var (newHistory, newHistoryErrors) = member.ReadEarlierPeriods(_new.Plan);
        // A cell (or an earlier period's output) both versions reject is reported once.
        foreach (var error in oldErrors.Concat(newErrors).Concat(oldHistoryErrors).Concat(newHistoryErrors).Distinct()) AddError(error);
        return oldFacts is null || newFacts is null || member.Errors.Count > 0 || oldHistoryErrors.Count > 0 || newHistoryErrors.Count > 0
            ? null
            : (oldFacts, newFacts, oldHistory, newHistory);
    }

    private void AddError(TeamError error)
    {
        _errorCount++;
        if (_errors.Count < _options.MaxErrors) _errors.Add(error);
    }

    private Outcome? Evaluate(TieredEvaluator evaluator, Value[] facts, IReadOnlyList<EarlierPeriod> history, string id,
        Dictionary<string, (Bilingual Message, int Count, List<string> Examples)> failures)
    {
        try
        {
            return evaluator.Evaluate(facts, history.Count == 0 ? _evaluation : _evaluation with { History = history });
        }
        catch (EvaluationException error)
        {
            Fail(failures, error, [id]);
            return null;
        }
    }

    private IReadOnlyList<Outcome>? EvaluateGroup(PolicyPlan plan, List<Value[]> facts, List<IReadOnlyList<EarlierPeriod>> histories,
        List<(string Id, int? Row)> members, Dictionary<string, (Bilingual Message, int Count, List<string> Examples)> failures)
    {
        try
        {
            // Each member's own earlier periods, when any member has some.
            return Evaluator.EvaluateGroup(plan, facts, _evaluation, _cancel, histories.Any(h => h.Count > 0) ? histories : null);
        }
        catch (EvaluationException error)
        {
            Fail(failures, error, members.Select(m => m.Id));
            return null;
        }
    }

    private static void Fail(Dictionary<string, (Bilingual Message, int Count, List<string> Examples)> failures, EvaluationException error,
        IEnumerable<string> ids)
    {
        var (line, column) = error.Span.StartPosition;
        var where = $"{Path.GetFileName(error.Span.File)}({line},{column})";
        var message = new Bilingual($"{where}: {error.Message}", $"{where}：{error.MessageZh}");
        var entry = failures.TryGetValue(message.En, out var known) ? known : (message, 0, new List<string>());
        foreach (var id in ids)
        {
            entry.Item2++;
            if (entry.Item3.Count < 5) entry.Item3.Add(id);
        }
        failures[message.En] = entry;
    }

    private void Compare(string id, int? row, Outcome? old, Outcome? @new)
    {
        if (old is null || @new is null)
        {
            _failed++;
            if (old is null) _failedOld++;
            if (@new is null) _failedNew++;
            return;
        }
        List<OutputChange>? changes = null;
        for (var i = 0; i < _outputs.Count; i++)
        {
            var output = _outputs[i];
            var oldValue = output.OldIndex >= 0 ? old.Outputs[output.OldIndex].Value : Value.Missing;
            var newValue = output.NewIndex >= 0 ? @new.Outputs[output.NewIndex].Value : Value.Missing;
            if (_accumulators[i].Add(id, row, oldValue, newValue) is { } change) (changes ??= []).Add(change);
        }
        if (changes is null)
        {
            _unchanged++;
            return;
        }
        _changed++;
        if (_subjects.Count < _options.MaxSubjectsKept) _subjects.Add(new SubjectChange(id, row, changes));
    }

    private DiffResult Finish()
    {
        if (_errorCount > 0) return new DiffResult(null, _errors, _errorCount);
        static IReadOnlyList<FailureReason> Reasons(Dictionary<string, (Bilingual Message, int Count, List<string> Examples)> failures) =>
            [.. failures.Values.OrderByDescending(f => f.Count).ThenBy(f => f.Message.En, StringComparer.Ordinal)
                .Select(f => new FailureReason(f.Message, f.Count, f.Examples))];
        var summary = new DiffSummary
        {
            Subjects = _subjectCount, Changed = _changed, Unchanged = _unchanged, Failed = _failed, FailedOld = _failedOld, FailedNew = _failedNew,
            OldFailures = Reasons(_oldFailures), NewFailures = Reasons(_newFailures),
            Outputs = [.. _accumulators.Select(a => a.Summary())],
            Histograms = [.. _histograms.Select(h => HistogramBuilder.Build(h.Output, h.Old, h.New))],
            Listed = _subjects.Count, Population = _population, Source = _source,
        };
        return new DiffResult(new DiffReport(Info(_old), Info(_new), _outputs, summary, _subjects), [], 0);
    }

    private static DiffVersionInfo Info(DiffVersion version) =>
        new(version.Label, version.Plan.Name, version.Plan.Version, version.Hash) { Source = version.Source };
}
