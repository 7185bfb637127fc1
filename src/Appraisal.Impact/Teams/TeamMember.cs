using Appraisal.Engine.Facts;
using Appraisal.Engine.Values;
using Newtonsoft.Json.Linq;

namespace Appraisal.Impact.Teams;

/// <summary>
/// One subject of a population: its id and its facts as a JSON object, read for each policy version with
/// <see cref="Read"/>. From a team file it also knows its row and cells, so a fact the reader rejects is reported at
/// its cell; a host with another source (the ledger) makes members with <see cref="TeamMember(string, JObject)"/>.
/// </summary>
public sealed class TeamMember
{
    private readonly TeamLayout? _layout;
    private readonly TeamCell[]? _cells;

    /// <summary>A member from a source other than a file: errors name its subject, not a cell.</summary>
    public TeamMember(string id, JObject facts)
    {
        ArgumentNullException.ThrowIfNull(id);
        ArgumentNullException.ThrowIfNull(facts);
        Id = id;
        Facts = facts;
        Errors = [];
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
