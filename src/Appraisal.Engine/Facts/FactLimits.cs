
namespace Appraisal.Engine.Facts;

/// <summary>
/// Bounds on one fact document, so a caller cannot make the engine read without end. Exceeding one is a
/// <see cref="FactError"/> of kind <see cref="FactErrorKind.LimitExceeded"/> whose Expected names the limit.
/// </summary>
public sealed record FactLimits
{
    public static FactLimits Default { get; } = new();

    /// <summary>The most items one list may hold (<c>max_list_length</c>).</summary>
    public int MaxListLength { get; init; } = 10_000;

    /// <summary>The most JSON objects and arrays nested inside each other, the document itself counting as 1 (<c>max_depth</c>).</summary>
    public int MaxDepth { get; init; } = 32;

    /// <summary>
    /// The most characters of JSON text (<c>max_json_chars</c>). Checked before reading when the facts arrive as text;
    /// a <see cref="Newtonsoft.Json.Linq.JObject"/> is already in memory and is not measured.
    /// </summary>
    public int MaxJsonChars { get; init; } = 4 * 1024 * 1024;

    /// <summary>The most members one group evaluation may hold (<c>max_group_members</c>).</summary>
    public int MaxGroupMembers { get; init; } = 10_000;

    /// <summary>
    /// When true, top-level fields that are not inputs of the policy are ignored instead of rejected. Fields a
    /// record type does not have are rejected either way.
    /// </summary>
    public bool AllowUnknownFields { get; init; }
}
