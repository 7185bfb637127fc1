namespace Appraisal.Impact.Diff;

/// <summary>One of the largest changes of a numeric output (by the size of the delta, either way).</summary>
public sealed record LargestChange(string Subject, int? Row, decimal Old, decimal New, decimal Delta);
