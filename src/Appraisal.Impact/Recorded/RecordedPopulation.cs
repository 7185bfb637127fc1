using System.Globalization;
using Appraisal.Engine.Hosting;
using Appraisal.Engine.Values;
using Appraisal.Impact.Diff;
using Appraisal.Impact.Teams;
using Appraisal.Ledger;
using Appraisal.Policy.Text;
using Newtonsoft.Json.Linq;

namespace Appraisal.Impact.Recorded;

/// <summary>
/// The population a policy was really applied to: the facts recorded in the ledger for one policy id and period, the
/// latest revision of each subject (ordered by subject id), each member with the earlier periods its evaluation read
/// (<see cref="LedgerRecord.EarlierJson"/>), so a policy over earlier periods is compared with the history each subject
/// had. A record whose facts retention erased is skipped and counted (<see cref="PopulationSource.Skipped"/>), as is one
/// that read earlier periods it does not keep. Compare two versions over it with
/// <see cref="PolicyDiff.Run(DiffVersion, DiffVersion, RecordedPopulation, DiffOptions?, CancellationToken)"/>. The same
/// for the command line and the service; nothing here logs.
/// </summary>
public sealed class RecordedPopulation
{
    private RecordedPopulation(string policyId, PeriodValue period, IReadOnlyList<TeamMember> members, PopulationSource source)
    {
        PolicyId = policyId;
        Period = period;
        Members = members;
        Source = source;
    }

    public string PolicyId { get; }

    public PeriodValue Period { get; }

    /// <summary>The members, one per subject not skipped, ordered by subject id (ordinal).</summary>
    public IReadOnlyList<TeamMember> Members { get; }

    /// <summary>How reports name the population: the policy, the period, the records read and those skipped.</summary>
    public PopulationSource Source { get; }

    /// <summary>
    /// Reads the population; null with the reason (naming the policy and period) when the period has more than
    /// <see cref="RecordedPopulationOptions.MaxRecords"/> records. No record at all is an empty population.
    /// </summary>
    /// <exception cref="System.Data.Common.DbException">The ledger could not be read.</exception>
    public static async Task<(RecordedPopulation? Population, Bilingual? Problem)> ReadAsync(ILedger ledger, string policyId, PeriodValue period,
        RecordedPopulationOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        ArgumentException.ThrowIfNullOrEmpty(policyId);
        options ??= RecordedPopulationOptions.Default;
        var periodText = period.ToString();
        var records = await ledger.AuditAsync(new AuditQuery
        {
            PolicyId = policyId, Period = periodText, Limit = options.MaxRecords == int.MaxValue ? int.MaxValue : options.MaxRecords + 1,
        }, cancellationToken);
        if (records.Count > options.MaxRecords)
            return (null, new Bilingual(
                $"{policyId} has more than {options.MaxRecords.ToString(CultureInfo.InvariantCulture)} records for {periodText}: more than a comparison reads",
                $"{policyId} 在 {periodText} 的记录超过 {options.MaxRecords.ToString(CultureInfo.InvariantCulture)} 条：超出比较可读取的数量"));

        var latest = records
            .GroupBy(r => r.SubjectId, StringComparer.Ordinal)
            .Select(g => g.MaxBy(r => r.Revision)!)
            .OrderBy(r => r.SubjectId, StringComparer.Ordinal)
            .ToList();
        var members = new List<TeamMember>(latest.Count);
        var erased = new List<string>();
        var notKept = new List<string>();
        foreach (var record in latest)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (record.FactsJson is null)
            {
                erased.Add(record.SubjectId);
                continue;
            }
            if (options.EarlierPeriods && record.EarlierJson is null && record.HistorySource != "none")
            {
                notKept.Add(record.SubjectId);
                continue;
            }
            members.Add(Member(record, options.EarlierPeriods));
        }
        var skipped = new List<SkippedRecords>();
        if (erased.Count > 0)
            skipped.Add(new SkippedRecords(SkippedRecords.FactsErased, new Bilingual("facts erased by retention", "事实已按保留期限删除"), erased.Count,
                erased.Take(options.MaxExamples).ToList()));
        if (notKept.Count > 0)
            skipped.Add(new SkippedRecords(SkippedRecords.EarlierPeriodsNotKept,
                new Bilingual("the earlier periods the evaluation read were not kept", "计算时读取的往期结果未保存"), notKept.Count,
                notKept.Take(options.MaxExamples).ToList()));
        var source = new PopulationSource
        {
            Kind = "ledger", PolicyId = policyId, Period = periodText, Records = records.Count, Subjects = latest.Count, Skipped = skipped,
        };
        return (new RecordedPopulation(policyId, period, members, source), null);
    }

    /// <summary>A record as a member: its facts as given and the earlier periods it read; what does not parse is the member's error.</summary>
    private static TeamMember Member(LedgerRecord record, bool earlierPeriods)
    {
        var errors = new List<TeamError>();
        var facts = Parse(record.FactsJson!, "facts", "事实", errors);
        var earlier = earlierPeriods && record.EarlierJson is { } json ? Parse(json, "earlier periods", "往期结果", errors) : null;
        return new TeamMember(record.SubjectId, facts ?? [], earlier, errors);
    }

    private static JObject? Parse(string json, string what, string whatZh, List<TeamError> errors)
    {
        var (token, problems) = JsonEvaluation.ParseStrict(json);
        if (token is JObject o) return o;
        var found = problems.Count > 0 ? problems[0].Message : token?.Type.ToString().ToLowerInvariant() ?? "nothing";
        var foundZh = problems.Count > 0 ? problems[0].MessageZh : found;
        errors.Add(new TeamError(null, null, null, new Bilingual($"the recorded {what} are not a JSON object: {found}", $"记录中的{whatZh}不是 JSON 对象：{foundZh}")));
        return null;
    }
}
