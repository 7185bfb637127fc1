namespace Appraisal.Impact.Diff;

/// <summary>One bin of a histogram: the subjects whose value lies in [<paramref name="From"/>, <paramref name="To"/>) under each version.</summary>
public sealed record HistogramBin(decimal From, decimal To, int Old, int New);
