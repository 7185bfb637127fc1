using Appraisal.Policy.Syntax;

namespace Appraisal.Policy.Semantics;

/// <summary>The appraisal periods a policy can declare.</summary>
public static class PeriodKinds
{
    public static PeriodKind? Parse(string word) => word switch
    {
        "month" or "月" or "月度" => PeriodKind.Month,
        "quarter" or "季度" => PeriodKind.Quarter,
        "half" or "半年" => PeriodKind.Half,
        "year" or "年" or "年度" => PeriodKind.Year,
        _ => null,
    };
}
