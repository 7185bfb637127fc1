namespace Appraisal.Impact.Diff;

/// <summary>How an output is summarised.</summary>
public enum DiffOutputKind
{
    /// <summary>Money (yuan): totals and means of the change.</summary>
    Money,
    /// <summary>Points (a score).</summary>
    Score,
    /// <summary>Another number (a count, a percent, a duration, a plain number).</summary>
    Number,
    /// <summary>An enum or a bool: a grade, a level, passed or not — movements between values.</summary>
    Category,
    /// <summary>Text, dates, periods, lists and records: only whether they changed.</summary>
    Other,
}
