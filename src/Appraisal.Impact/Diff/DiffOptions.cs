using Appraisal.Engine.Facts;
using Appraisal.Engine.Values;

namespace Appraisal.Impact.Diff;

/// <summary>How two versions are compared over a population.</summary>
public sealed record DiffOptions
{
    public static DiffOptions Default { get; } = new();

    /// <summary>The appraised period (dated parameters read it).</summary>
    public PeriodValue? Period { get; init; }

    /// <summary>Work units one evaluation may spend (as <see cref="Engine.Evaluation.EvaluationOptions.Budget"/>).</summary>
    public long Budget { get; init; } = 1_000_000;

    /// <summary>Limits on each subject's facts.</summary>
    public FactLimits Limits { get; init; } = FactLimits.Default;

    /// <summary>How many of the largest changes each numeric output lists.</summary>
    public int Top { get; init; } = 10;

    /// <summary>The score output whose distribution is drawn before and after; default: the first output in points.</summary>
    public string? ScoreOutput { get; init; }

    /// <summary>The money output whose distribution is drawn before and after; default: the last money output (the pay).</summary>
    public string? MoneyOutput { get; init; }

    /// <summary>How many bad cells are kept for the report (all are counted).</summary>
    public int MaxErrors { get; init; } = 1_000;

    /// <summary>The most members a policy with population rules is evaluated over, together.</summary>
    public int MaxGroupMembers { get; init; } = 200_000;

    /// <summary>
    /// How many changed subjects are kept with their changes for the reports (all are counted in the summary); the
    /// memory a comparison holds beyond its fixed accumulators.
    /// </summary>
    public int MaxSubjectsKept { get; init; } = 1_000_000;
}
