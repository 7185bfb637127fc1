using Appraisal.Policy.Syntax;

namespace Appraisal.Policy.Semantics;

/// <summary>
/// What a literal means, in one place for the checker's <see cref="ConstantEvaluator"/> and the planner: numbers are
/// decimals as written (700.00 keeps its scale), 5% is 0.05, durations are hours (minutes ÷ 60, days × 24; the parser
/// rejects a number of days too large for that), booleans, texts and dates as written.
/// </summary>
public static class Literals
{
    /// <summary>The value of a number, percent, duration, boolean, text or date literal; null for any other expression.</summary>
    public static object? Value(Expr expr) => expr switch
    {
        NumberLiteral n => n.Value,
        PercentLiteral p => p.Value / 100m,
        DurationLiteral d => d.Unit switch { DurationUnit.Minutes => d.Amount / 60m, DurationUnit.Days => d.Amount * 24m, _ => d.Amount },
        BoolLiteral boolean => boolean.Value,
        StringLiteral s => s.Value,
        DateLiteral d => d.Value,
        _ => null,
    };
}
