using Appraisal.Policy.Diagnostics;
using Appraisal.Policy.Syntax;

namespace Appraisal.Policy.Semantics;

/// <summary>
/// Pass 4b: reports a rule derived through too long a chain. Evaluating a rule evaluates the rules it reads first,
/// nested inside it, so the evaluation nests as deep as the longest chain of rules and expressions below an output.
/// Counted in steps — each operator, call and name of an expression, and each rule or table the chain passes
/// through — that depth is at most <see cref="Limit"/>: far beyond any appraisal policy, and well inside the
/// stack of any thread that evaluates (both tiers, explanations included). A chain that goes deeper is reported
/// once, at the first rule past the limit.
/// </summary>
public static class DepthCheck
{
    /// <summary>The deepest derivation a policy may have, in steps.</summary>
    public const int Limit = 1_000;

    public static void Run(SemanticModel model, DiagnosticBag diagnostics)
    {
        var vetoesOf = new Dictionary<Symbol, List<VetoDecl>>();
        foreach (var veto in model.AllDeclarations.OfType<VetoDecl>())
        {
            foreach (var assignment in veto.Overrides)
            {
                if (model.Referenced(assignment) is not { Kind: SymbolKind.Output } output) continue;
                if (!vetoesOf.TryGetValue(output, out var list)) vetoesOf[output] = list = new();
                list.Add(veto);
            }
        }

        var depth = new Dictionary<Symbol, int>();
        foreach (var symbol in InDependencyOrder(model))
        {
            var d = new Walker(model, depth).Declaration(symbol, vetoesOf);
            depth[symbol] = d;
            if (d > Limit && model.Dependencies.GetValueOrDefault(symbol)?.All(s => depth.GetValueOrDefault(s) <= Limit) != false)
                diagnostics.Report(DiagnosticCodes.DerivationTooDeep, symbol.NameNode.Span, symbol.Name, d, Limit);
        }
    }

    /// <summary>Rules and tables, each after everything it reads (a cycle, reported by CycleCheck, is cut anywhere).</summary>
    private static List<Symbol> InDependencyOrder(SemanticModel model)
    {
        var order = new List<Symbol>();
        var state = new Dictionary<Symbol, bool>(); // false: being visited, true: done
        IEnumerable<Symbol> Next(Symbol s) =>
            model.Dependencies.TryGetValue(s, out var set) ? set.Where(CycleCheck.InGraph) : Enumerable.Empty<Symbol>();
        foreach (var root in model.AllDeclarations.Select(d => model.SymbolOfDeclaration.GetValueOrDefault(d)).OfType<Symbol>().Where(CycleCheck.InGraph))
        {
            if (state.ContainsKey(root)) continue;
            var work = new Stack<(Symbol Node, IEnumerator<Symbol> Edges)>();
            state[root] = false;
            work.Push((root, Next(root).GetEnumerator()));
            while (work.Count > 0)
            {
                var (node, edges) = work.Peek();
                if (edges.MoveNext())
                {
                    if (state.ContainsKey(edges.Current)) continue;
                    state[edges.Current] = false;
                    work.Push((edges.Current, Next(edges.Current).GetEnumerator()));
                    continue;
                }
                work.Pop();
                state[node] = true;
                order.Add(node);
            }
        }
        return order;
    }

    /// <summary>The depth of one declaration's expressions, reading the depths of the rules it refers to.</summary>
    private sealed class Walker(SemanticModel model, Dictionary<Symbol, int> depth)
    {
        private bool _earlierPeriods;

        public int Declaration(Symbol symbol, Dictionary<Symbol, List<VetoDecl>> vetoesOf)
        {
            var deepest = 0;
            void Of(Expr? e)
            {
                if (e is not null) deepest = Math.Max(deepest, Expr(e));
            }
            switch (symbol.Declaration)
            {
                case LetDecl l:
                    Of(l.Value);
                    foreach (var clause in l.Exceptions) { Of(clause.Condition); Of(clause.Value); }
                    break;
                case ScorecardDecl s:
                    foreach (var entry in s.Entries) { Of(entry.Value); Of(entry.Weight); Of(entry.Max); Of(entry.Floor); Of(entry.Cap); }
                    break;
                case GateDecl g:
                    foreach (var condition in g.Conditions) Of(condition.Test);
                    break;
                case VetoDecl v:
                    Of(v.When);
                    break;
                case LevelsDecl l:
                    Of(l.Current);
                    foreach (var level in l.Levels) foreach (var requirement in level.Requirements) Of(requirement.Test);
                    break;
                case EscalationDecl e:
                    Of(e.Start);
                    Of(e.Step);
                    Of(e.Cap);
                    _earlierPeriods = true; // these read the outputs of earlier periods, not this period's rules
                    Of(e.StepWhen);
                    Of(e.ResetWhen);
                    _earlierPeriods = false;
                    break;
                case RankDecl r:
                    Of(r.By);
                    break;
                case DistributeDecl d:
                    Of(d.By);
                    break;
                case SelectDecl s:
                    Of(s.By);
                    Of(s.Where);
                    break;
                case OutputDecl o:
                    Of(o.Value);
                    foreach (var clause in o.Exceptions) { Of(clause.Condition); Of(clause.Value); }
                    foreach (var veto in vetoesOf.GetValueOrDefault(symbol) ?? [])
                    {
                        if (model.SymbolOfDeclaration.GetValueOrDefault(veto) is { } vetoSymbol)
                            deepest = Math.Max(deepest, depth.GetValueOrDefault(vetoSymbol) + 1);
                        foreach (var assignment in veto.Overrides)
                        {
                            if (model.Referenced(assignment) == symbol) Of(assignment.Value);
                        }
                    }
                    break;
                case TableDecl t:
                    foreach (var row in t.Rows)
                    {
                        Of(row.Result);
                        foreach (var cell in row.Cells.OfType<TestCell>())
                        {
                            foreach (var test in cell.Tests)
                            {
                                switch (test)
                                {
                                    case CompareTest c: Of(c.Value); break;
                                    case EqualTest e: Of(e.Value); break;
                                    case RangeTest r: Of(r.Low); Of(r.High); break;
                                }
                            }
                        }
                    }
                    break;
            }
            return deepest + 1;
        }

        /// <summary>Nesting is bounded by the parser (PL0010), so this recursion is shallow.</summary>
        private int Expr(Expr expr)
        {
            var below = Reference(expr);
            switch (expr)
            {
                case MemberExpr m: below = Math.Max(below, Expr(m.Target)); break;
                case CallExpr c: foreach (var argument in c.Arguments) below = Math.Max(below, Expr(argument)); break;
                case AggregateExpr a:
                    below = Math.Max(below, Expr(a.Source));
                    if (a.Where is not null) below = Math.Max(below, Expr(a.Where));
                    if (a.Selector is not null) below = Math.Max(below, Expr(a.Selector));
                    break;
                case UnaryExpr u: below = Math.Max(below, Expr(u.Operand)); break;
                case BinaryExpr b: below = Math.Max(below, Math.Max(Expr(b.Left), Expr(b.Right))); break;
                case InRangeExpr r: below = Math.Max(below, Math.Max(Expr(r.Value), Math.Max(Expr(r.Low), Expr(r.High)))); break;
                case IfExpr i: below = Math.Max(below, Math.Max(Expr(i.Condition), Math.Max(Expr(i.Then), Expr(i.Else)))); break;
                case RecordExpr r: foreach (var field in r.Fields) below = Math.Max(below, Expr(field.Value)); break;
                case ListExpr l: foreach (var item in l.Items) below = Math.Max(below, Expr(item)); break;
            }
            return below + 1;
        }

        /// <summary>The depth of the rule or table this expression refers to, if any.</summary>
        private int Reference(Expr expr)
        {
            if (model.Referenced(expr) is not { } symbol) return 0;
            if (symbol.Kind == SymbolKind.ScorecardItem && symbol.Parent is { } scorecard) symbol = scorecard;
            if (_earlierPeriods && symbol.Kind == SymbolKind.Output) return 0;
            return CycleCheck.InGraph(symbol) ? depth.GetValueOrDefault(symbol) : 0;
        }
    }
}
