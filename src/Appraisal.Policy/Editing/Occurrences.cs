using System.Collections.Immutable;
using Appraisal.Policy.Semantics;
using Appraisal.Policy.Syntax;
using Appraisal.Policy.Text;

namespace Appraisal.Policy.Editing;

/// <summary>Where a symbol's name is written: where it is declared, or a place that refers to it.</summary>
internal sealed record Occurrence(TextSpan Span, Symbol Symbol, bool IsDeclaration);

/// <summary>
/// Every name a checked policy writes, found from the checker's own side tables (<see cref="SemanticModel.SymbolOfDeclaration"/>
/// and <see cref="SemanticModel.References"/>), so hover, definition and references see exactly what the checker bound.
/// </summary>
internal static class Occurrences
{
    public static ImmutableArray<Occurrence> Of(SemanticModel model)
    {
        var all = ImmutableArray.CreateBuilder<Occurrence>(model.SymbolOfDeclaration.Count + model.References.Count);
        foreach (var (node, symbol) in model.SymbolOfDeclaration) all.Add(new Occurrence(DeclaredName(node, symbol), symbol, IsDeclaration: true));
        foreach (var (node, symbol) in model.References) all.Add(new Occurrence(ReferenceName(node), symbol, IsDeclaration: false));
        return all.ToImmutable();
    }

    /// <summary>The span of the name a declaration introduces.</summary>
    public static TextSpan DeclaredName(Node declaration, Symbol symbol) => declaration switch
    {
        AggregateExpr aggregate => aggregate.Variable.Span,
        _ => symbol.NameNode.Span,
    };

    /// <summary>The span of the name in a node that refers to a symbol (the member in <c>a.b</c>, the table in a call).</summary>
    private static TextSpan ReferenceName(Node node) => node switch
    {
        NameExpr n => n.Name.Span,
        MemberExpr m => m.Member.Span,
        CallExpr c => c.Callee.Span,
        NamedTypeRef t => t.Name.Span,
        Assignment a => a.Target.Span,
        LevelDef l => l.Name.Span,
        Share s => s.Value.Span,
        TestViolated v => v.Constraint.Span,
        FieldValue f => f.Name.Span,
        _ => node.Span,
    };
}
