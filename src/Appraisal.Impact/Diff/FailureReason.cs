using Appraisal.Policy.Text;

namespace Appraisal.Impact.Diff;

/// <summary>Why subjects could not be evaluated under one version (a runtime fault, the budget), how many, and the first few.</summary>
public sealed record FailureReason(Bilingual Message, int Count, IReadOnlyList<string> Examples);
