using Appraisal.Engine.Planning;
using Appraisal.Engine.Values;
using Appraisal.Policy.Semantics;
using Appraisal.Policy.Syntax;

namespace Appraisal.Engine.Evaluation;

/// <summary>
/// Builds the <see cref="Calculation"/> of an expression once its rule is computed, walking the evaluation tree by
/// kind of node (a new kind of node is a build error here, as in the C# generator). Each step's value comes from the
/// evaluator's own nodes on a quiet copy of the activation (<see cref="Activation.Quiet"/>), and the walk follows the
/// evaluation exactly — only the branch an <c>if</c> took, <c>and</c>/<c>or</c> only as far as they went — so it shows
/// what was computed and computes nothing that was not. Arithmetic, negation, comparisons, conditions and functions
/// are opened up; tables, aggregates and the like are shown by their value (their own lines explain them); below
/// <see cref="MaxDepth"/> steps a part is shown by its value, so an explanation stays bounded.
/// </summary>
internal sealed class CalculationBuilder : IEvalNodeVisitor<Calculation>
{
    public const int MaxDepth = 16;

    private readonly PolicyPlan _plan;
    private readonly Activation _quiet;
    private int _depth;

    private CalculationBuilder(PolicyPlan plan, Activation quiet)
    {
        _plan = plan;
        _quiet = quiet;
    }

    /// <summary>The calculation of <paramref name="node"/> in the evaluation <paramref name="activation"/> has just done.</summary>
    public static Calculation Of(PolicyPlan plan, Activation activation, EvalNode node) => new CalculationBuilder(plan, activation.Quiet()).Step(node);

    private Calculation Step(EvalNode node)
    {
        if (_depth >= MaxDepth) return Opaque(node, node.Eval(_quiet));
        _depth++;
        try
        {
            return node.Accept(this);
        }
        finally
        {
            _depth--;
        }
    }

    private PolicyType TypeOf(EvalNode node, Value value) =>
        _plan.NodeInfo.TryGetValue(node, out var info) ? info.Type : value.Kind switch
        {
            ValueKind.Bool => PolicyType.Bool,
            ValueKind.Text => PolicyType.Text,
            ValueKind.Date => PolicyType.Date,
            _ => PolicyType.Number,
        };

    private string? NameOf(EvalNode node) => _plan.NodeInfo.TryGetValue(node, out var info) ? info.Name : null;

    private Calculation Leaf(CalculationKind kind, string text, EvalNode node, Value value) => new(kind, text, value, TypeOf(node, value), []);

    private Calculation Named(EvalNode node, string fallback, Value value) => Leaf(CalculationKind.Named, NameOf(node) ?? fallback, node, value);

    private Calculation Opaque(EvalNode node, Value value) =>
        NameOf(node) is { } name ? Leaf(CalculationKind.Named, name, node, value) : Leaf(CalculationKind.Opaque, SourceOf(node), node, value);

    private Calculation Composite(CalculationKind kind, string text, EvalNode node, Value value, params Calculation[] parts) =>
        new(kind, text, value, TypeOf(node, value), parts);

    /// <summary>The expression as written, on one line, cut short when long.</summary>
    private static string SourceOf(EvalNode node)
    {
        var span = node.Span;
        var text = string.Join(' ', span.Source.Text[span.Start..span.End].Split((char[])['\r', '\n', '\t', ' '], StringSplitOptions.RemoveEmptyEntries));
        return text.Length <= 60 ? text : text[..59] + "…";
    }

    public Calculation Visit(EvalConst node)
    {
        if (NameOf(node) is { } name) return Leaf(CalculationKind.Named, name, node, node.Value);
        // A computation of constants the planner folded (parameters, literals): shown as it was written, step by step.
        if (_plan.NodeInfo.TryGetValue(node, out var info) && info.FoldedFrom is { } from) return Step(from) with { Value = node.Value, Type = info.Type };
        return Leaf(CalculationKind.Constant, SourceOf(node), node, node.Value);
    }

    public Calculation Visit(EvalInput node) => Named(node, node.Name, _quiet.Facts[node.Slot]);

    public Calculation Visit(EvalLocal node) => Named(node, SourceOf(node), _quiet.Locals[node.Slot]);

    public Calculation Visit(EvalRule node) =>
        // Every rule an evaluated expression reads was computed by then: the quiet activation only looks it up.
        Named(node, _plan.Rules[node.Slot].Name, _quiet.IsComputed(node.Slot) ? _quiet.Rule(node.Slot) : Value.Missing);

    public Calculation Visit(EvalEarlierOutput node) => Named(node, node.Name, node.Eval(_quiet));

    /// <summary>A dated parameter, with the date from which the value it took is in force (its one part).</summary>
    public Calculation Visit(EvalDatedParameter node)
    {
        var value = node.Eval(_quiet);
        var start = _quiet.Period!.Value.Start;
        var from = node.Values.LastOrDefault(v => v.From <= start);
        var named = Named(node, node.Name, value);
        return from.Value.Kind == ValueKind.Missing ? named
            : named with { Parts = [new Calculation(CalculationKind.Constant, "from", Value.Of(from.From), PolicyType.Date, [])] };
    }

    public Calculation Visit(EvalNegate node)
    {
        var operand = Step(node.Operand);
        return Composite(CalculationKind.Negation, "−", node, Value.Of(Arithmetic.Negate(operand.Value.AsNumber)), operand);
    }

    public Calculation Visit(EvalNot node)
    {
        var operand = Step(node.Operand);
        return Composite(CalculationKind.Not, "not", node, Value.Of(!operand.Value.AsBool), operand);
    }

    public Calculation Visit(EvalArithmetic node)
    {
        var left = Step(node.Left);
        var right = Step(node.Right);
        var value = Value.Of(EvalArithmetic.Apply(node.Op, left.Value.AsNumber, right.Value.AsNumber, node.Span));
        var symbol = node.Op switch { ArithmeticOp.Add => "+", ArithmeticOp.Subtract => "−", ArithmeticOp.Multiply => "×", _ => "÷" };
        return Composite(CalculationKind.Operation, symbol, node, value, left, right);
    }

    public Calculation Visit(EvalDateArithmetic node) => Opaque(node, node.Eval(_quiet));

    public Calculation Visit(EvalCompare node)
    {
        var left = Step(node.Left);
        var right = Step(node.Right);
        return Composite(CalculationKind.Comparison, ConditionWording.Operator(node.Op), node, Value.Of(EvalCompare.Holds(node.Op, left.Value, right.Value)), left, right);
    }

    public Calculation Visit(EvalAnd node)
    {
        var left = Step(node.Left);
        if (!left.Value.AsBool) return Composite(CalculationKind.Logic, "and", node, Value.False, left);
        var right = Step(node.Right);
        return Composite(CalculationKind.Logic, "and", node, right.Value, left, right);
    }

    public Calculation Visit(EvalOr node)
    {
        var left = Step(node.Left);
        if (left.Value.AsBool) return Composite(CalculationKind.Logic, "or", node, Value.True, left);
        var right = Step(node.Right);
        return Composite(CalculationKind.Logic, "or", node, right.Value, left, right);
    }

    public Calculation Visit(EvalIf node)
    {
        var condition = Step(node.Condition);
        var taken = condition.Value.AsBool;
        var branch = Step(taken ? node.Then : node.Else);
        return Composite(CalculationKind.Choice, taken ? "then" : "else", node, branch.Value, condition, branch);
    }

    public Calculation Visit(EvalInRange node)
    {
        var value = Step(node.Operand);
        var low = Step(node.Low);
        var high = Step(node.High);
        var holds = value.Value.CompareTo(low.Value) >= 0 && value.Value.CompareTo(high.Value) <= 0;
        return Composite(CalculationKind.Range, "in", node, Value.Of(holds), value, low, high);
    }

    public Calculation Visit(EvalField node) => Opaque(node, node.Eval(_quiet));

    public Calculation Visit(EvalList node) => Opaque(node, node.Eval(_quiet));

    public Calculation Visit(EvalBuiltIn node)
    {
        var parts = node.Arguments.Select(Step).ToArray();
        var name = node.Function switch
        {
            BuiltIn.Round => "round", BuiltIn.Min => "min", BuiltIn.Max => "max", BuiltIn.Abs => "abs", BuiltIn.Floor => "floor", BuiltIn.Given => "given", _ => "ceil",
        };
        return Composite(CalculationKind.Function, name, node, node.Eval(_quiet), parts);
    }

    /// <summary>
    /// A sum, min or max over at most <see cref="MaxShownItems"/> items: the function of the values it took, in the
    /// order of the list (the items a <c>where</c> left out are not among them); otherwise its value.
    /// </summary>
    public Calculation Visit(EvalAggregate node)
    {
        var value = node.Eval(_quiet);
        var items = node.Source.Eval(_quiet).AsList;
        if (node.Kind == AggregateKind.Each) return Elements(node, value, items);
        if (node.Kind is not (AggregateKind.Sum or AggregateKind.Min or AggregateKind.Max) || items.Length > MaxShownItems) return Opaque(node, value);
        var parts = new List<Calculation>();
        var type = TypeOf(node, value);
        foreach (var item in items)
        {
            _quiet.Locals[node.Local] = item;
            if (node.Where is not null && !node.Where.Eval(_quiet).AsBool) continue;
            parts.Add(new Calculation(CalculationKind.Constant, "", node.Selector?.Eval(_quiet) ?? item, type, []));
        }
        if (parts.Count == 0) return Opaque(node, value); // nothing was summed: its value says it
        var name = node.Kind switch { AggregateKind.Sum => "sum", AggregateKind.Min => "min", _ => "max" };
        return new Calculation(CalculationKind.Function, name, value, type, parts);
    }

    public const int MaxShownItems = 20;

    /// <summary>
    /// <c>each(…)</c> over at most <see cref="MaxShownItems"/> items: for each item it kept, its place in the list and how
    /// its value came about (the selector with the item's values substituted, or the item itself); otherwise its value.
    /// </summary>
    private Calculation Elements(EvalAggregate node, Value value, Value[] items)
    {
        if (items.Length > MaxShownItems) return Opaque(node, value);
        var listType = TypeOf(node, value);
        var elementType = listType is ListType list ? list.Element : PolicyType.Error;
        var parts = new List<Calculation>();
        for (var i = 0; i < items.Length; i++)
        {
            _quiet.Locals[node.Local] = items[i];
            if (node.Where is not null && !node.Where.Eval(_quiet).AsBool) continue;
            var part = node.Selector is null ? new Calculation(CalculationKind.Constant, "", items[i], elementType, []) : Step(node.Selector);
            parts.Add(new Calculation(CalculationKind.Element, (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), part.Value, elementType, [part]));
        }
        return new Calculation(CalculationKind.Elements, "each", value, listType, parts);
    }

    public Calculation Visit(EvalTableCall node) => Opaque(node, node.Eval(_quiet));

    public Calculation Visit(EvalExceptions node)
    {
        foreach (var (condition, value, _) in node.Exceptions)
        {
            var test = Step(condition);
            if (!test.Value.AsBool) continue;
            var replaced = Step(value);
            return Composite(CalculationKind.Exception, "unless", node, replaced.Value, test, replaced);
        }
        return Step(node.Body);
    }
}
