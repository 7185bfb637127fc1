namespace Appraisal.Service;

/// <summary>Evaluation settings (configuration section <c>Evaluation</c>).</summary>
public sealed class EvaluationSettings
{
    public const string Section = "Evaluation";

    /// <summary>Work units one evaluation may spend (list items visited, table rows tried); more: RESOURCE_EXHAUSTED.</summary>
    public long Budget { get; set; } = 1_000_000;
}
