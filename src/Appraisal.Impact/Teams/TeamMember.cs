using Appraisal.Engine.Evaluation;
using Appraisal.Engine.Facts;
using Appraisal.Engine.Hosting;
using Appraisal.Engine.Planning;
using Appraisal.Engine.Values;
using Appraisal.Policy.Text;
using Newtonsoft.Json.Linq;

namespace Appraisal.Impact.Teams;

/// <summary>
/// One subject of a population: its id and its facts as a JSON object, read for each policy version with
/// <see cref="Read"/>. From a team file it also knows its row and cells, so a fact the reader rejects is reported at
/// its cell; a host with another source (the ledger) makes members with <see cref="TeamMember(string, JObject, JObject?)"/>,
/// which may carry the earlier periods the subject's evaluation read (<see cref="EarlierPeriods"/>).
/// </summary>
public sealed class TeamMember
{
    private readonly TeamLayout? _layout;
    private readonly TeamCell[]? _cells;

    /// <summary>A member from a source other than a file: errors name its subject, not a cell.</summary>
    /// <param name="earlierPeriods">The outcomes of the subject's earlier periods, an object of period (<c>"2026-Q1"</c>) →
    /// outputs, as the ledger keeps them (<c>EarlierJson</c>); null when there are none.</param>
    public TeamMember(string id, JObject facts, JObject? earlierPeriods = null) : this(id, facts, earlierPeriods, [])
    {
    }

    /// <summary>A member from another source with what is wrong with it (its recorded facts do not parse, …).</summary>
    internal TeamMember(string id, JObject facts, JObject? earlierPeriods, IReadOnlyList<TeamError> errors)
    {
        ArgumentNullException.ThrowIfNull(id);
        ArgumentNullException.ThrowIfNull(facts);
        Id = id;
        Facts = facts;
        EarlierPeriods = earlierPeriods;
        Errors = errors.Select(e => e with { SubjectId = e.SubjectId ?? id }).ToList();
    }

    internal TeamMember(string id, JObject facts, int row, IReadOnlyList<TeamError> errors, TeamLayout layout, TeamCell[] cells)
    {
        Id = id;
        Facts = facts;
        Row = row;
        Errors = errors;
        _layout = layout;
        _cells = cells;
    }

    /// <summary>The subject id.</summary>
    public string Id { get; }

    /// <summary>The facts, one field per input that the row gives (empty cells are left out: defaults apply).</summary>
    public JObject Facts { get; }

    /// <summary>
    /// The outcomes of the subject's earlier periods (period → outputs) that rules over earlier periods read, e.g. as the
    /// ledger kept them with the subject's record; null when none are known (a team file has none).
    /// </summary>
    public JObject? EarlierPeriods { get; }

    /// <summary>The row in the team file (header = 1), when the member came from one.</summary>
    public int? Row { get; }

    /// <summary>What is wrong with the row itself (an empty or repeated id, malformed JSON in a cell, …); empty when nothing.</summary>
    public IReadOnlyList<TeamError> Errors { get; }

    /// <summary>
    /// The facts read for one policy's inputs, or every fault at its cell. Fields that are not inputs of this policy
    /// are ignored (a team file is read for two versions at once, and its header already rejected columns neither knows).
    /// </summary>
    public (Value[]? Facts, IReadOnlyList<TeamError> Errors) Read(InputSchema schema, FactLimits? limits = null)
    {
        var read = FactReader.Read(schema, Facts, (limits ?? FactLimits.Default) with { AllowUnknownFields = true });
        return read.IsValid ? (read.Facts, []) : (null, read.Errors.Select(Locate).ToList());
    }

    /// <summary>
    /// The earlier periods read for one policy's outputs: none for a policy without rules over earlier periods (or a
    /// member without any); otherwise as <see cref="JsonEvaluation.ReadHistory(PolicyPlan, JObject)"/> reads them, every
    /// fault at its path inside the periods.
    /// </summary>
    public (IReadOnlyList<EarlierPeriod> History, IReadOnlyList<TeamError> Errors) ReadEarlierPeriods(PolicyPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        if (EarlierPeriods is null || !plan.ReadsEarlierPeriods) return ([], []);
        var (history, errors) = JsonEvaluation.ReadHistory(plan, EarlierPeriods);
        return errors.Count == 0
            ? (history, [])
            : ([], errors.Select(e => new TeamError(Row, null, null, new Bilingual($"earlier periods, {e.Message}", $"往期结果，{e.MessageZh}"))
                { SubjectId = Id, FactPath = e.Path }).ToList());
    }

    /// <summary>A fact error as a team error: at its cell when the member came from a file.</summary>
    public TeamError Locate(FactError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        if (_layout is null || _cells is null)
            return new TeamError(null, null, null, TeamError.FromFact(error, error.Path)) { SubjectId = Id, FactPath = error.Path };
        var (column, rest) = _layout.Locate(_cells, error.Path);
        var header = column is { } c ? _layout.Columns[c] : null;
        return new TeamError(Row, header?.Letter, header?.Header, TeamError.FromFact(error, header is null ? error.Path : rest))
        {
            SubjectId = Id, FactPath = error.Path,
        };
    }
}
