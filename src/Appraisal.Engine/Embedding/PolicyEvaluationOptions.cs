using Appraisal.Engine.Evaluation;

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

    /// <summary>
    /// Earlier periods' outputs, for rules over earlier periods (<c>escalation</c>): a JSON object of period → that
    /// period's outputs, e.g. <c>{ "2026-Q1": { "双指标未达成": true } }</c> (an earlier result's
    /// <see cref="EvaluationResult.OutputsJson"/> is such an object of outputs). Its violations are fact errors at
    /// <c>earlier_periods['2026-Q1'].双指标未达成</c>, as the service names them. Null: none.
    /// </summary>
    public string? EarlierPeriodsJson { get; init; }

    /// <summary>Build an explanation (text in Chinese and English, and JSON); costs nothing when false.</summary>
    public bool Explain { get; init; }

    /// <summary>Work units one evaluation may spend (list items visited, table rows tried).</summary>
    public long Budget { get; init; } = Evaluation.EvaluationOptions.Default.Budget;
}
