using Appraisal.Policy.Diagnostics;
using Appraisal.Policy.Syntax;
using Appraisal.Policy.Text;

namespace Appraisal.Policy.Semantics;

/// <summary>
/// Pass 8: the rules that have a shape of their own: levels follow their enum's order, promotion steps are
/// whole numbers, a distribution shares out every value of its enum, rules over earlier periods need a
/// period, money outputs state their rounding, a policy has outputs.
/// </summary>
public static class RuleCheck
{
    public static void Run(SemanticModel model, DiagnosticBag diagnostics)
    {
        var constants = new ConstantEvaluator(model);
        foreach (var declaration in model.AllDeclarations)
        {
            switch (declaration)
            {
                case LevelsDecl levels: Levels(levels, model, constants, diagnostics); break;
                case DistributeDecl distribute: Distribution(distribute, model, diagnostics); break;
                case EscalationDecl escalation when model.File.Kind == FileKind.Policy && model.File.Period is null:
                    diagnostics.Report(DiagnosticCodes.NoHistory, escalation.Name.Span, escalation.Name.Text);
                    break;
                case OutputDecl output:
                    if (model.TypeOf(model.SymbolOfDeclaration[output]) == PolicyType.Money && output.Round is null)
                        diagnostics.ReportFixable(DiagnosticCodes.MoneyWithoutRounding, output.Name.Span,
                        [
                            // The two roundings pay is usually stated in; which one is the policy's decision, so neither is preferred.
                            DiagnosticFix.Insert(output.Type.Span.Source, output.Type.Span.End, " round 0.01",
                                new Bilingual("Round to the fen: 'round 0.01' (half up)", "舍入到分：'round 0.01'（四舍五入）")),
                            DiagnosticFix.Insert(output.Type.Span.Source, output.Type.Span.End, " round 1",
                                new Bilingual("Round to the yuan: 'round 1' (half up)", "舍入到元：'round 1'（四舍五入）")),
                        ], output.Name.Text);
                    if (output.Round is not null && constants.Number(output.Round.Precision) is not > 0)
                        diagnostics.Report(DiagnosticCodes.NotConstant, output.Round.Precision.Span, new Bilingual("a rounding precision (a positive constant)", "舍入精度（正的常量）"));
                    break;
            }
        }
        if (model.File is { Kind: FileKind.Policy, Period: { } period } && PeriodKinds.Parse(period.Text) is null)
            diagnostics.Report(DiagnosticCodes.UnknownPeriodKind, period.Span, period.Text);
        if (model.File is { Kind: FileKind.Policy, Name: { } name } && !model.File.Declarations.OfType<OutputDecl>().Any())
            diagnostics.Report(DiagnosticCodes.NoOutputs, name.Span, name.Text);
        if (model.File is { Kind: FileKind.Policy, Name: null })
            diagnostics.Report(DiagnosticCodes.MissingHeader, new Text.TextSpan(model.File.Source, 0, 0));
    }

    private static void Levels(LevelsDecl levels, SemanticModel model, ConstantEvaluator constants, DiagnosticBag diagnostics)
    {
        if (levels.Step is not null)
        {
            var step = constants.Number(levels.Step);
            if (step is null) diagnostics.Report(DiagnosticCodes.NotConstant, levels.Step.Span, new Bilingual("a promotion step", "晋升步长"));
            else if (step < 1 || step != Math.Floor(step.Value)) diagnostics.Report(DiagnosticCodes.PromotionStep, levels.Step.Span);
        }
        if (model.TypeOf(model.SymbolOfDeclaration[levels]) is not EnumType enumType) return;
        var positions = new List<int>();
        foreach (var level in levels.Levels)
        {
            var index = enumType.Members.IndexOf(level.Name.Text);
            if (index < 0) diagnostics.Report(DiagnosticCodes.LevelNotInEnum, level.Name.Span, level.Name.Text, enumType.Name);
            else positions.Add(index);
        }
        for (var i = 1; i < positions.Count; i++)
        {
            if (positions[i] <= positions[i - 1])
            {
                diagnostics.Report(DiagnosticCodes.LevelOrder, levels.Name.Span, levels.Name.Text, enumType.Name, string.Join(", ", enumType.Members));
                break;
            }
        }
    }

    private static void Distribution(DistributeDecl distribute, SemanticModel model, DiagnosticBag diagnostics)
    {
        if (model.TypeOf(model.SymbolOfDeclaration[distribute]) is not EnumType enumType) return;
        var named = distribute.Shares.Select(s => s.Value.Text).ToList();
        if (!named.SequenceEqual(enumType.Members) || distribute.Shares.Any(s => s.Weight <= 0))
            diagnostics.Report(DiagnosticCodes.ShareNotInEnum, distribute.Name.Span, distribute.Name.Text, enumType.Name, string.Join(" : ", enumType.Members));
        // Quotas are worked out as group size × share ÷ total of the shares: keep the total a size a person would write.
        else if (distribute.Shares.Sum(s => Math.Min(s.Weight, MaxShares + 1)) > MaxShares)
            diagnostics.Report(DiagnosticCodes.SharesTooLarge, distribute.Name.Span, distribute.Name.Text, MaxShares.ToString("N0", System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>The largest total the shares of a forced distribution may add up to.</summary>
    public const decimal MaxShares = 1_000_000m;
}
