using Appraisal.Policy.Diagnostics;

namespace Appraisal.Policy.Semantics;

/// <summary>
/// Pass 4: reports rules that depend on themselves (a definition cycle), once per cycle. Tables take part: a row
/// whose result reads a rule that calls the table is a cycle too.
/// </summary>
public static class CycleCheck
{
    public static void Run(SemanticModel model, DiagnosticBag diagnostics)
    {
        // Tarjan's strongly connected components, iterating symbols in declaration order so reports are stable.
        var order = model.AllDeclarations.Select(d => model.SymbolOfDeclaration.GetValueOrDefault(d))
            .OfType<Symbol>().Where(InGraph).ToList();
        var position = new Dictionary<Symbol, int>();
        for (var i = 0; i < order.Count; i++) position.TryAdd(order[i], i);
        int Position(Symbol s) => position.GetValueOrDefault(s, int.MaxValue);
        var index = new Dictionary<Symbol, int>();
        var low = new Dictionary<Symbol, int>();
        var stack = new Stack<Symbol>();
        var onStack = new HashSet<Symbol>();
        var counter = 0;

        IEnumerable<Symbol> Next(Symbol s) =>
            model.Dependencies.TryGetValue(s, out var set) ? set.Where(InGraph) : Enumerable.Empty<Symbol>();

        void Visit(Symbol root)
        {
            // Iterative DFS so that a long chain of definitions cannot overflow the stack.
            var work = new Stack<(Symbol Node, IEnumerator<Symbol> Edges)>();
            void Enter(Symbol s)
            {
                index[s] = low[s] = counter++;
                stack.Push(s);
                onStack.Add(s);
                work.Push((s, Next(s).OrderBy(x => Position(x)).ToList().GetEnumerator()));
            }
            Enter(root);
            while (work.Count > 0)
            {
                var (node, edges) = work.Peek();
                if (edges.MoveNext())
                {
                    var next = edges.Current;
                    if (!index.ContainsKey(next)) Enter(next);
                    else if (onStack.Contains(next)) low[node] = Math.Min(low[node], index[next]);
                    continue;
                }
                work.Pop();
                if (work.Count > 0) low[work.Peek().Node] = Math.Min(low[work.Peek().Node], low[node]);
                if (low[node] != index[node]) continue;
                var component = new List<Symbol>();
                Symbol member;
                do
                {
                    member = stack.Pop();
                    onStack.Remove(member);
                    component.Add(member);
                } while (member != node);
                var selfLoop = component.Count == 1 && Next(node).Contains(node);
                if (component.Count > 1 || selfLoop) Report(component);
            }
        }

        void Report(List<Symbol> component)
        {
            var first = component.OrderBy(s => Position(s)).First();
            var path = new List<Symbol> { first };
            var current = first;
            // Walk the cycle from the first declared member, following edges inside the component.
            while (true)
            {
                var next = Next(current).Where(component.Contains).OrderBy(s => Position(s)).FirstOrDefault(s => s == first || !path.Contains(s));
                if (next is null || next == first) break;
                path.Add(next);
                current = next;
            }
            path.Add(first);
            diagnostics.Report(DiagnosticCodes.DefinitionCycle, first.NameNode.Span, first.Name, string.Join(" → ", path.Select(s => s.Name)));
        }

        foreach (var symbol in order)
        {
            if (!index.ContainsKey(symbol)) Visit(symbol);
        }
    }

    /// <summary>Rules computed per subject, and tables (whose rows may read them).</summary>
    internal static bool InGraph(Symbol symbol) => symbol.IsComputed || symbol.Kind == SymbolKind.Table;
}
