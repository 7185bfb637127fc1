namespace Appraisal.Impact.Diff;

/// <summary>How many subjects had <paramref name="From"/> under the old version and <paramref name="To"/> under the new (equal for those that stayed).</summary>
/// <param name="From">The old value (<c>良</c>, <c>true</c>); null when the old version has no such output.</param>
public sealed record Movement(string? From, string? To, int Count);
