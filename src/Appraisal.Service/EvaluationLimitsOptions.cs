namespace Appraisal.Service;

/// <summary>The limits of each evaluation (configuration section <c>Evaluation</c>); not the engine's per-call <c>EvaluationOptions</c>.</summary>
public sealed class EvaluationLimitsOptions
{
    public const string Section = "Evaluation";

    /// <summary>Work units one evaluation may spend (list items visited, table rows tried); more: RESOURCE_EXHAUSTED.</summary>
    public long Budget { get; set; } = 1_000_000;
}
