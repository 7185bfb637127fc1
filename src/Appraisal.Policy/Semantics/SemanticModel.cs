using System.Collections.Immutable;
using Appraisal.Policy.Syntax;

namespace Appraisal.Policy.Semantics;

/// <summary>
/// What the checker learned about a policy: its symbols, what each name refers to, the type of each
/// expression and which rules depend on which. Filled by the passes in order; read by later passes and the planner.
/// Keys are AST nodes compared by reference.
/// </summary>
public sealed class SemanticModel
{
    public SemanticModel(PolicyFile file, ImmutableArray<PolicyFile> libraries)
    {
        File = file;
        Libraries = libraries;
    }

    public PolicyFile File { get; }
    /// <summary>Files brought in by <c>include</c>, in the order they were first included.</summary>
    public ImmutableArray<PolicyFile> Libraries { get; }

    /// <summary>Every declaration of the policy and its libraries, libraries first.</summary>
    public IEnumerable<Declaration> AllDeclarations => Libraries.SelectMany(l => l.Declarations).Concat(File.Declarations);

    /// <summary>Named values and rules. Types (enums, records) have a namespace of their own, so an input may be
    /// called by its type's name (<c>岗位: 岗位</c>).</summary>
    public Dictionary<string, Symbol> Globals { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, Symbol> TypeSymbols { get; } = new(StringComparer.Ordinal);
    public Dictionary<Node, Symbol> SymbolOfDeclaration { get; } = new(ReferenceEqualityComparer.Instance);
    /// <summary>What a <see cref="NameExpr"/>, <see cref="MemberExpr"/>, <see cref="CallExpr"/> or table cell refers to.</summary>
    public Dictionary<Node, Symbol> References { get; } = new(ReferenceEqualityComparer.Instance);
    public Dictionary<Expr, PolicyType> Types { get; } = new(ReferenceEqualityComparer.Instance);
    public Dictionary<Symbol, PolicyType> SymbolTypes { get; } = new();
    /// <summary>Rule → the symbols its expressions read (not counting reads of earlier periods).</summary>
    public Dictionary<Symbol, HashSet<Symbol>> Dependencies { get; } = new();
    /// <summary>Symbols read anywhere (including tests and earlier-period reads).</summary>
    public HashSet<Symbol> Used { get; } = new();
    /// <summary>The <c>source</c> citation in force for each declaration.</summary>
    public Dictionary<Declaration, string> Citations { get; } = new(ReferenceEqualityComparer.Instance);

    /// <summary>
    /// Is <paramref name="constraint"/> a constraint on inputs (it reads one)? Such a constraint is checked on each fact
    /// set when it arrives; any other constraint is checked once, at compile time.
    /// </summary>
    public bool ReadsInputs(Symbol constraint) =>
        Dependencies.TryGetValue(constraint, out var reads) && reads.Any(s => s.Kind == SymbolKind.Input);

    public PolicyType TypeOf(Expr expr) => Types.TryGetValue(expr, out var type) ? type : PolicyType.Error;
    public PolicyType TypeOf(Symbol symbol) => SymbolTypes.TryGetValue(symbol, out var type) ? type : PolicyType.Error;
    public Symbol? Referenced(Node node) => References.GetValueOrDefault(node);
}
