namespace Appraisal.Impact.Teams;

/// <summary>What a column of a team file holds.</summary>
public enum TeamColumnRole
{
    /// <summary>The subject id (工号).</summary>
    Subject,
    /// <summary>An input, a field of a record input, or an item of a list input (<c>素质</c>, <c>投诉[2].处理</c>).</summary>
    Fact,
    /// <summary>A list or record input written as JSON in one cell (<c>投诉扣分</c> = <c>[5, 20]</c>).</summary>
    Json,
    /// <summary>No header: ignored while its cells are empty.</summary>
    Blank,
}
