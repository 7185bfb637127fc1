using Appraisal.Policy.Diagnostics;
using Appraisal.Policy.Syntax;
using Appraisal.Policy.Text;

namespace Appraisal.Policy.Semantics;

/// <summary>
/// Pass 5: parameters and defaults are constants, parameters are within their declared range, dated values are in date order, and every
/// <c>constraint</c> over parameters holds (e.g. a price weight within 10%–30% for services).
/// </summary>
public static class ParameterCheck
{
    public static void Run(SemanticModel model, DiagnosticBag diagnostics)
    {
        var constants = new ConstantEvaluator(model);
        foreach (var declaration in model.AllDeclarations)
        {
            switch (declaration)
            {
                case ParamDecl param:
                    NotEmpty(param.Field, constants, diagnostics);
                    Parameter(param, model, constants, diagnostics);
                    break;
                case InputDecl input:
                    foreach (var field in input.Fields)
                    {
                        NotEmpty(field, constants, diagnostics);
                        Default(field, constants, diagnostics);
                    }
                    break;
                case RecordDecl record:
                    foreach (var field in record.Fields)
                    {
                        NotEmpty(field, constants, diagnostics);
                        Default(field, constants, diagnostics);
                    }
                    break;
                case TableDecl table:
                    foreach (var column in table.Columns) NotEmpty(column, constants, diagnostics);
                    break;
                case ConstraintDecl constraint when model.SymbolOfDeclaration.TryGetValue(constraint, out var symbol) && model.ReadsInputs(symbol):
                    // Checked on each fact set as it arrives: it may read inputs and parameters, but no rule, and no
                    // parameter whose value depends on the appraised period.
                    foreach (var read in model.Dependencies[symbol].OrderBy(s => s.NameNode.Span.Start))
                    {
                        if (read.IsComputed)
                            diagnostics.Report(DiagnosticCodes.InputConstraintReads, constraint.Condition.Span, constraint.Name.Text, read.Name,
                                new Text.Bilingual(read.KindWithArticle, read.KindNameZh));
                        else if (read.Declaration is ParamDecl { DatedValues.Length: > 0 })
                            diagnostics.Report(DiagnosticCodes.InputConstraintReads, constraint.Condition.Span, constraint.Name.Text, read.Name,
                                new Text.Bilingual("a parameter with dated values", "分段取值的参数"));
                    }
                    break;
                case ConstraintDecl constraint:
                    if (constants.Evaluate(constraint.Condition) is not bool holds)
                        diagnostics.Report(DiagnosticCodes.NotConstant, constraint.Condition.Span, new Bilingual("a constraint", "约束"));
                    else if (!holds)
                        diagnostics.Report(DiagnosticCodes.ConstraintViolated, constraint.Condition.Span, constraint.Name.Text,
                            constraint.Message is null ? "" : ": " + constraint.Message);
                    break;
            }
        }
    }

    /// <summary>A declared range admits at least one value (PL0604): <c>1..0</c> is a mistake, not an impossible input.</summary>
    private static void NotEmpty(FieldDecl field, ConstantEvaluator constants, DiagnosticBag diagnostics)
    {
        if (field.Range is null) return;
        if (constants.Number(field.Range.Low) is not { } low || constants.Number(field.Range.High) is not { } high || low <= high) return;
        var type = RangeType(field.Range.Low);
        var (lowSpan, highSpan) = (field.Range.Low.Span, field.Range.High.Span);
        var (lowText, highText) = (lowSpan.Source.Text[lowSpan.Start..lowSpan.End], highSpan.Source.Text[highSpan.Start..highSpan.End]);
        var swap = new DiagnosticFix(new Bilingual($"Write the range as {highText}..{lowText}", $"改为 {highText}..{lowText}"),
            [new TextChange(lowSpan, highText), new TextChange(highSpan, lowText)]);
        diagnostics.ReportFixable(DiagnosticCodes.EmptyRange, TextSpan.Covering(lowSpan, highSpan), [swap], field.Name.Text,
            ConstantEvaluator.Format(low, type), ConstantEvaluator.Format(high, type));
    }

    /// <summary>Defaults of inputs and record fields are constants (lists and records of constants included).</summary>
    private static void Default(FieldDecl field, ConstantEvaluator constants, DiagnosticBag diagnostics)
    {
        if (field.Default is not { } value) return;
        if (!IsConstant(value, constants)) diagnostics.Report(DiagnosticCodes.NotConstant, value.Span, new Bilingual("a default value", "默认值"));
        else InRange(field, value, constants, diagnostics);
    }

    /// <summary>Reports a constant value outside the field's declared range (PL0602).</summary>
    public static void InRange(FieldDecl field, Expr value, ConstantEvaluator constants, DiagnosticBag diagnostics)
    {
        if (field.Range is null || constants.Number(value) is not { } number) return;
        var (low, high) = (constants.Number(field.Range.Low), constants.Number(field.Range.High));
        if (low is null || high is null || (number >= low && number <= high)) return;
        var type = RangeType(field.Range.Low);
        diagnostics.Report(DiagnosticCodes.ValueOutOfRange, value.Span, field.Name.Text, ConstantEvaluator.Format(number, type),
            ConstantEvaluator.Format(low, type), ConstantEvaluator.Format(high, type));
    }

    private static PolicyType RangeType(Expr bound) => bound switch
    {
        PercentLiteral => PolicyType.Percent,
        NumberLiteral { Unit: LiteralUnit.Money } => PolicyType.Money,
        _ => PolicyType.Number,
    };

    private static bool IsConstant(Expr value, ConstantEvaluator constants) => value switch
    {
        ListExpr list => list.Items.All(i => IsConstant(i, constants)),
        RecordExpr record => record.Fields.All(f => IsConstant(f.Value, constants)),
        PeriodLiteral or ErrorExpr => true,
        _ => constants.Evaluate(value) is not null,
    };

    private static void Parameter(ParamDecl param, SemanticModel model, ConstantEvaluator constants, DiagnosticBag diagnostics)
    {
        var field = param.Field;
        var type = model.SymbolOfDeclaration.TryGetValue(param, out var symbol) ? model.TypeOf(symbol) : PolicyType.Error;
        var values = new List<Expr>();
        if (field.Default is not null) values.Add(field.Default);
        values.AddRange(param.DatedValues.Select(v => v.Value));
        if (values.Count == 0) diagnostics.Report(DiagnosticCodes.MissingClause, field.Name.Span, field.Name.Text, "= value");

        decimal? low = null, high = null;
        if (field.Range is not null)
        {
            low = constants.Number(field.Range.Low);
            high = constants.Number(field.Range.High);
            if (low is null) diagnostics.Report(DiagnosticCodes.NotConstant, field.Range.Low.Span, new Bilingual("a range bound", "范围端点"));
            if (high is null) diagnostics.Report(DiagnosticCodes.NotConstant, field.Range.High.Span, new Bilingual("a range bound", "范围端点"));
        }
        foreach (var value in values)
        {
            var constant = constants.Evaluate(value);
            if (constant is null && value is not ErrorExpr)
            {
                diagnostics.Report(DiagnosticCodes.NotConstant, value.Span, new Bilingual("a parameter value", "参数值"));
                continue;
            }
            if (constant is decimal number && low is not null && high is not null && (number < low || number > high))
                diagnostics.Report(DiagnosticCodes.ValueOutOfRange, value.Span, field.Name.Text, ConstantEvaluator.Format(number, type),
                    ConstantEvaluator.Format(low, type), ConstantEvaluator.Format(high, type));
        }
        for (var i = 1; i < param.DatedValues.Length; i++)
        {
            if (param.DatedValues[i].From <= param.DatedValues[i - 1].From)
            {
                diagnostics.Report(DiagnosticCodes.DatedValuesOrder, param.DatedValues[i].Span, field.Name.Text);
                break;
            }
        }
    }
}
