namespace Appraisal.Impact.Diff;

/// <summary>
/// For policies with population rules (rank, distribute, select): the whole group was evaluated together under each
/// version — re-ranked, re-distributed — rather than subject by subject.
/// </summary>
public sealed record PopulationInfo(IReadOnlyList<string> OldRules, IReadOnlyList<string> NewRules, int Members);
