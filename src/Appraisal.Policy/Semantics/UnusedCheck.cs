using Appraisal.Policy.Diagnostics;
using Appraisal.Policy.Syntax;

namespace Appraisal.Policy.Semantics;

/// <summary>
/// Last pass: inputs and definitions nothing reads are warnings (in the policy file, not in libraries, and
/// only once the file has no errors).
/// </summary>
public static class UnusedCheck
{
    public static void Run(SemanticModel model, DiagnosticBag diagnostics)
    {
        if (model.File.Kind == FileKind.Library) return; // a library's rules are for the policies that include it
        if (diagnostics.HasErrors) return; // a broken rule may be the one that would have used the name: no noise
        foreach (var declaration in model.File.Declarations)
        {
            switch (declaration)
            {
                case InputDecl input:
                    foreach (var field in input.Fields)
                    {
                        if (model.SymbolOfDeclaration.TryGetValue(field, out var symbol) && !model.Used.Contains(symbol) && field.Name.Text.Length > 0)
                            diagnostics.Report(DiagnosticCodes.UnusedInput, field.Name.Span, field.Name.Text);
                    }
                    break;
                case LetDecl or ParamDecl or TableDecl or ScorecardDecl or GateDecl or LevelsDecl or EscalationDecl
                    or RankDecl or DistributeDecl or SelectDecl:
                {
                    var named = (NamedDeclaration)declaration;
                    if (model.SymbolOfDeclaration.TryGetValue(declaration, out var symbol) && !model.Used.Contains(symbol) && named.Name.Text.Length > 0)
                        diagnostics.Report(DiagnosticCodes.UnusedDefinition, named.Name.Span, named.Name.Text);
                    break;
                }
            }
        }
    }
}
