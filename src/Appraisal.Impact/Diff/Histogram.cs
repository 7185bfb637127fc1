namespace Appraisal.Impact.Diff;

/// <summary>The distribution of one numeric output before (old version) and after (new version), in bins of equal width.</summary>
public sealed record Histogram(string Output, DiffOutputKind Kind, decimal Width, IReadOnlyList<HistogramBin> Bins);
