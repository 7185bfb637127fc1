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
            if (givens.Count == 0 || expects.Count == 0) diagnostics.Report(DiagnosticCodes.TestNeedsGiven, test.Span, test.Title);

            foreach (var given in givens)
            {
                foreach (var field in given.Facts.Fields)
                {
                    if (!model.Globals.TryGetValue(field.Name.Text, out var symbol) || symbol.Kind != SymbolKind.Input)
                        diagnostics.Report(DiagnosticCodes.RecordFieldMismatch, field.Name.Span, "input", field.Name.Text);
                    else
                        WithinRanges((FieldDecl)symbol.Declaration, field.Value, model, constants, diagnostics);
                }
                foreach (var input in inputs.Where(i => i.Default is null && !i.IsOptional && i.Name.Text.Length > 0))
                {
                    if (given.Facts.Fields.All(f => f.Name.Text != input.Name.Text))
                        diagnostics.Report(DiagnosticCodes.MissingRecordField, given.Facts.Span, "input", input.Name.Text);
                }
            }
            foreach (var record in expects.Select(e => e.Outputs).Concat(test.Clauses.OfType<TestHistory>().Select(h => h.Outputs)))
            {
                foreach (var field in record.Fields)
                {
                    if (!model.Globals.TryGetValue(field.Name.Text, out var symbol) || symbol.Kind != SymbolKind.Output)
                        diagnostics.Report(DiagnosticCodes.TestUnknownOutput, field.Name.Span, test.Title, field.Name.Text);
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
