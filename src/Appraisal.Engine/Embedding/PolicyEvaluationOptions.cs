namespace Appraisal.Engine.Embedding;

/// <summary>How to evaluate: the period, whether to explain, the work budget.</summary>
public sealed record PolicyEvaluationOptions
{
    /// <summary>The default: no period, no explanation, the engine's budget.</summary>
    public static PolicyEvaluationOptions Default { get; } = new();

    /// <summary>
    /// The appraised period in canonical form (<c>2026-03</c>, <c>2026-Q1</c>, <c>2026-H1</c>, <c>2026</c>), of the kind the
    /// policy declares; needed by dated parameters. Null: none.
    /// </summary>
    public string? Period { get; init; }

    /// <summary>Build an explanation (text in Chinese and English, and JSON); costs nothing when false.</summary>
    public bool Explain { get; init; }

    /// <summary>Work units one evaluation may spend (list items visited, table rows tried).</summary>
    public long Budget { get; init; } = Evaluation.EvaluationOptions.Default.Budget;
}
