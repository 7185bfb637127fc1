using System.Collections.Immutable;
using Appraisal.Policy.Diagnostics;
using Appraisal.Policy.Syntax;
using Appraisal.Policy.Text;

namespace Appraisal.Policy.Semantics;

/// <summary>
/// Pass 7: item maxima (times their weights) add up to the declared total; an item whose formula can exceed
/// its maximum without a cap, or fall below zero without a floor, is warned about; floors are not above caps.
/// </summary>
public static class ScorecardCheck
{
    public static void Run(SemanticModel model, DiagnosticBag diagnostics)
    {
        var constants = new ConstantEvaluator(model);
        var intervals = new IntervalAnalysis(model);
        foreach (var scorecard in model.AllDeclarations.OfType<ScorecardDecl>())
        {
            var total = constants.Number(scorecard.Total);
            if (total is null && scorecard.Total is not ErrorExpr)
                diagnostics.Report(DiagnosticCodes.NotConstant, scorecard.Total.Span, new Bilingual("a scorecard total", "评分表总分"));
            decimal? sum = 0m;
            foreach (var entry in scorecard.Entries)
            {
                var floor = entry.Floor is null ? null : constants.Number(entry.Floor);
                var cap = entry.Cap is null ? null : constants.Number(entry.Cap);
                if (entry.Floor is not null && floor is null) diagnostics.Report(DiagnosticCodes.NotConstant, entry.Floor.Span, new Bilingual("a floor", "下限"));
                if (entry.Cap is not null && cap is null) diagnostics.Report(DiagnosticCodes.NotConstant, entry.Cap.Span, new Bilingual("a cap", "上限"));
                if (floor > cap) diagnostics.Report(DiagnosticCodes.FloorAboveCap, entry.Floor!.Span, floor!.Value.Normalize(), cap!.Value.Normalize());
                if (entry.Kind != EntryKind.Item) continue;

                var max = constants.Number(entry.Max);
                var weight = entry.Weight is null ? 1m : constants.Number(entry.Weight);
                if (entry.Max is not null && max is null) diagnostics.Report(DiagnosticCodes.NotConstant, entry.Max.Span, new Bilingual("an item maximum", "项目满分"));
                if (entry.Weight is not null && weight is null) diagnostics.Report(DiagnosticCodes.NotConstant, entry.Weight.Span, new Bilingual("a weight", "权重"));
                sum = max is null || weight is null ? null : AddProduct(sum, max.Value, weight.Value);

                var range = intervals.Of(entry.Value);
                var ceiling = cap ?? max;
                if (cap is null && max is not null && (range.High is null || range.High > max))
                    diagnostics.ReportFixable(DiagnosticCodes.ItemCanExceedMax, entry.Name.Span,
                        [AddBound(entry, $"cap {SourceOf(entry.Max!)}", new Bilingual($"Add 'cap {SourceOf(entry.Max!)}'", $"加上 'cap {SourceOf(entry.Max!)}'"))],
                        entry.Name.Text,
                        range.High is null ? new Bilingual("any value (no upper bound)", "任意大的值（没有上限）") : Bilingual.Same(range.High.Value.Normalize().ToString()), max.Value.Normalize());
                if (floor is null && (range.Low is null || range.Low < 0) && ceiling is not null)
                    diagnostics.ReportFixable(DiagnosticCodes.ItemCanGoNegative, entry.Name.Span,
                        [AddBound(entry, "floor 0", new Bilingual("Add 'floor 0'", "加上 'floor 0'"))],
                        entry.Name.Text,
                        range.Low is null ? new Bilingual("any negative value (no lower bound)", "任意负值（没有下限）") : Bilingual.Same(range.Low.Value.Normalize().ToString()));
            }
            if (total is not null && sum is not null && sum != total)
            {
                // A total written as a number is corrected to the sum; a total read from a parameter is not rewritten.
                var sumText = sum.Value.Normalize().ToString(System.Globalization.CultureInfo.InvariantCulture);
                var fixes = scorecard.Total is NumberLiteral { Unit: LiteralUnit.None }
                    ? [DiagnosticFix.Replace(scorecard.Total.Span, sumText, new Bilingual($"Make it out of {sumText}", $"总分改为 {sumText}"))]
                    : ImmutableArray<DiagnosticFix>.Empty;
                diagnostics.ReportFixable(DiagnosticCodes.MaximaDoNotAddUp, scorecard.Name.Span, fixes, scorecard.Name.Text, sum.Value.Normalize(), total.Value.Normalize());
            }
        }
    }

    /// <summary>Appends <c>, bound</c> to an entry, after its formula and the bound it has already.</summary>
    private static DiagnosticFix AddBound(ScorecardEntry entry, string bound, Bilingual title)
    {
        var end = new[] { entry.Value.Span.End, entry.Floor?.Span.End ?? 0, entry.Cap?.Span.End ?? 0 }.Max();
        return DiagnosticFix.Insert(entry.Value.Span.Source, end, ", " + bound, title);
    }

    private static string SourceOf(Expr expr) => expr.Span.Source.Text[expr.Span.Start..expr.Span.End];

    /// <summary><c>sum + max × weight</c>, or null (unknown, nothing to compare) when it is beyond what a decimal holds.</summary>
    private static decimal? AddProduct(decimal? sum, decimal max, decimal weight)
    {
        try
        {
            return sum + max * weight;
        }
        catch (OverflowException)
        {
            return null;
        }
    }
}
