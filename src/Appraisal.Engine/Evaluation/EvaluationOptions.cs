using Appraisal.Engine.Values;

namespace Appraisal.Engine.Evaluation;

public sealed record EvaluationOptions
{
    /// <summary>The appraised period: needed by dated parameters and rules over earlier periods.</summary>
    public PeriodValue? Period { get; init; }
    /// <summary>Outcomes of earlier periods, in any order.</summary>
    public IReadOnlyList<EarlierPeriod> History { get; init; } = [];
    /// <summary>Build an explanation (costs nothing when false).</summary>
    public bool Explain { get; init; }
    /// <summary>Work units one evaluation may spend (list items visited, table rows tried).</summary>
    public long Budget { get; init; } = 1_000_000;

    public static readonly EvaluationOptions Default = new();
}
