namespace Appraisal.Impact.Diff;

/// <summary>A finished comparison: both versions, the summary, the outputs compared and each changed subject.</summary>
public sealed record DiffReport(DiffVersionInfo Old, DiffVersionInfo New, IReadOnlyList<DiffOutput> Outputs, DiffSummary Summary,
    IReadOnlyList<SubjectChange> Subjects);
