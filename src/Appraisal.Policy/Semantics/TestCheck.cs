using Appraisal.Policy.Diagnostics;
using Appraisal.Policy.Syntax;

namespace Appraisal.Policy.Semantics;

/// <summary>
/// Pass 9: tests written beside the rules have facts and expectations, name real inputs and outputs,
/// give every required input with values inside the declared ranges, and have distinct titles. (Their values were
/// type-checked by TypeCheck.)
/// </summary>
public static class TestCheck
{
    private static readonly Text.Bilingual Input = new("input", "输入");

    public static void Run(SemanticModel model, DiagnosticBag diagnostics)
    {
        var titles = new HashSet<string>(StringComparer.Ordinal);
        var constants = new ConstantEvaluator(model);
        var inputs = model.AllDeclarations.OfType<InputDecl>().SelectMany(i => i.Fields).ToList();
        foreach (var test in model.File.Declarations.OfType<TestDecl>())
        {
            if (!titles.Add(test.Title)) diagnostics.Report(DiagnosticCodes.DuplicateTest, test.Span, test.Title);
            var givens = test.Clauses.OfType<TestGiven>().ToList();
            var expects = test.Clauses.OfType<TestExpect>().ToList();
            var violations = test.Clauses.OfType<TestViolated>().ToList();
            if (givens.Count == 0 || expects.Count == 0 && violations.Count == 0) diagnostics.Report(DiagnosticCodes.TestNeedsGiven, test.Span, test.Title);
            if (violations.Count > 0 && expects.Count > 0) diagnostics.Report(DiagnosticCodes.ViolationWithOutputs, expects[0].Span, test.Title);
            foreach (var violated in violations)
            {
                Text.Bilingual? why = model.Referenced(violated) switch
                {
                    null => new("the policy declares no constraint of that name", "策略中没有这个名称的约束"),
                    { Kind: not SymbolKind.Constraint } other => new($"it is {other.KindWithArticle}, not a constraint", $"它是{other.KindNameZh}，不是约束"),
                    { } constraint when !model.ReadsInputs(constraint) =>
                        new("it reads no input: it is checked once, when the policy is compiled", "它不读取任何输入，只在编译时检查一次"),
                    _ => null,
                };
                if (why is not null) diagnostics.Report(DiagnosticCodes.NotAnInputConstraint, violated.Constraint.Span, test.Title, violated.Constraint.Text, why);
            }

            foreach (var given in givens)
            {
                foreach (var field in given.Facts.Fields)
                {
                    if (!model.Globals.TryGetValue(field.Name.Text, out var symbol) || symbol.Kind != SymbolKind.Input)
                        diagnostics.ReportFixable(DiagnosticCodes.RecordFieldMismatch, field.Name.Span,
                            DiagnosticFix.ChangeTo(field.Name.Span, Suggestions.Closest(field.Name.Text,
                                inputs.Select(i => i.Name.Text).Where(n => given.Facts.Fields.All(f => f.Name.Text != n)))),
                            Input, field.Name.Text);
                    else
                        WithinRanges((FieldDecl)symbol.Declaration, field.Value, model, constants, diagnostics);
                }
                foreach (var input in inputs.Where(i => i.Default is null && !i.IsOptional && i.Name.Text.Length > 0))
                {
                    if (given.Facts.Fields.All(f => f.Name.Text != input.Name.Text))
                        diagnostics.Report(DiagnosticCodes.MissingRecordField, given.Facts.Span, Input, input.Name.Text);
                }
            }
            foreach (var record in expects.Select(e => e.Outputs).Concat(test.Clauses.OfType<TestHistory>().Select(h => h.Outputs)))
            {
                foreach (var field in record.Fields)
                {
                    if (!model.Globals.TryGetValue(field.Name.Text, out var symbol) || symbol.Kind != SymbolKind.Output)
                        diagnostics.ReportFixable(DiagnosticCodes.TestUnknownOutput, field.Name.Span,
                            DiagnosticFix.ChangeTo(field.Name.Span, Suggestions.Closest(field.Name.Text,
                                model.Globals.Values.Where(g => g.Kind == SymbolKind.Output).Select(g => g.Name)
                                    .Where(n => record.Fields.All(f => f.Name.Text != n)))),
                            test.Title, field.Name.Text);
                }
            }
        }
    }

    /// <summary>A test value of a field, and the fields of records inside it, lie within their declared ranges.</summary>
    private static void WithinRanges(FieldDecl field, Expr value, SemanticModel model, ConstantEvaluator constants, DiagnosticBag diagnostics)
    {
        switch (value)
        {
            case ListExpr list:
                foreach (var item in list.Items) WithinRanges(field, item, model, constants, diagnostics);
                break;
            case RecordExpr record when RecordOf(field.Type, model) is { } declaration:
                foreach (var written in record.Fields)
                {
                    var recordField = declaration.Fields.FirstOrDefault(f => f.Name.Text == written.Name.Text);
                    if (recordField is not null) WithinRanges(recordField, written.Value, model, constants, diagnostics);
                }
                break;
            default:
                ParameterCheck.InRange(field, value, constants, diagnostics);
                break;
        }
    }

    private static RecordDecl? RecordOf(TypeRef type, SemanticModel model) => type switch
    {
        ListTypeRef list => RecordOf(list.Element, model),
        NamedTypeRef named when model.TypeSymbols.TryGetValue(named.Name.Text, out var symbol) => symbol.Declaration as RecordDecl,
        _ => null,
    };
}
