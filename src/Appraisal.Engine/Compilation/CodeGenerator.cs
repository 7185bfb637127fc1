using System.Globalization;
using System.Text;
using Appraisal.Engine.Evaluation;
using Appraisal.Engine.Planning;
using Appraisal.Engine.Values;
using Appraisal.Policy.Semantics;
using Appraisal.Policy.Syntax;
using Appraisal.Policy.Text;
using Microsoft.CodeAnalysis.CSharp;

namespace Appraisal.Engine.Compilation;

/// <summary>How a value is held in generated code: as a <see cref="Value"/>, or unboxed as a decimal or a bool.</summary>
internal enum Rep { Value, Decimal, Bool }

/// <summary>The generated C# of a plan and the objects it refers to (passed to its <c>Init</c> after loading).</summary>
internal sealed record GeneratedProgram(string Source, object[] Constants, TextSpan[] Spans);

/// <summary>
/// Generates C# from a plan's evaluation tree (never from policy text). Every name in the generated code is made
/// up here (<c>r3</c>, <c>T1</c>, <c>c7</c>, <c>l2</c>); policy names appear only inside string literals escaped by
/// Roslyn's <see cref="SymbolDisplay.FormatLiteral(string, bool)"/>. Texts, enum members, records, table plans and spans
/// are not written into the source at all: they are passed in as objects and referred to by index.
/// <para>
/// The generated program mirrors the tree evaluator step by step: the same order of evaluation, rules computed on
/// first read and remembered, the same budget accounting, and the same exceptions (made by the same factories).
/// </para>
/// </summary>
internal sealed class CodeGenerator : IEvalNodeVisitor<string>, IEvalNodeVisitor<Rep>
{
    private const string V = "global::Appraisal.Engine.Values.Value";
    private const string Planning = "global::Appraisal.Engine.Planning";
    private const string Evaluation = "global::Appraisal.Engine.Evaluation";
    private const string Semantics = "global::Appraisal.Policy.Semantics";

    private readonly PolicyPlan _plan;
    private readonly List<object> _constants = new();
    private readonly List<string> _constantTypes = new();
    private readonly Dictionary<object, int> _constantIndex = new(ReferenceEqualityComparer.Instance);
    private readonly List<TextSpan> _spans = new();
    private readonly StringBuilder _members = new();
    private readonly Rep[] _localReps;
    private readonly Dictionary<TablePlan, int> _tableIds = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<TablePlan, Rep> _tableReps = new(ReferenceEqualityComparer.Instance);
    private int _nextMethod;

    private CodeGenerator(PolicyPlan plan)
    {
        _plan = plan;
        _localReps = new Rep[plan.LocalCount];
        var model = plan.Source.Model;
        foreach (var table in plan.Tables)
        {
            for (var i = 0; i < table.ColumnLocals.Length; i++)
            {
                var type = model.TypeOf(model.SymbolOfDeclaration[table.Declaration.Columns[i]]);
                _localReps[table.ColumnLocals[i]] = type is NumericType ? Rep.Decimal : Rep.Value;
            }
        }
    }

    /// <summary>
    /// Generates the program. Every kind of node is a method of <see cref="IEvalNodeVisitor{T}"/>, so none can be
    /// missed; a kind of rule it does not know throws <see cref="NotSupportedException"/> (the tree then serves).
    /// </summary>
    public static GeneratedProgram Generate(PolicyPlan plan) => new CodeGenerator(plan).Build();

    // -----------------------------------------------------------------------------------------
    // The program

    private GeneratedProgram Build()
    {
        var rules = _plan.Rules;
        var state = new StringBuilder();
        foreach (var rule in rules)
        {
            state.Append("    internal byte s").Append(rule.Slot).Append(";\n");
            if (rule is ScorecardRule scorecard)
            {
                for (var k = 0; k < scorecard.Entries.Length + 2; k++)
                    state.Append("    internal decimal r").Append(rule.Slot).Append('_').Append(k).Append(";\n");
            }
            else
            {
                state.Append("    internal ").Append(Type(RuleRep(rule))).Append(" r").Append(rule.Slot).Append(";\n");
            }
        }
        for (var i = 0; i < _localReps.Length; i++) state.Append("    internal ").Append(Type(_localReps[i])).Append(" l").Append(i).Append(";\n");

        foreach (var rule in rules) EmitRule(rule);

        var run = new StringBuilder();
        run.Append("        var s = new E();\n        s.f = f; s.p = p; s.h = h; s.b = b;\n");
        run.Append("        var o = new ").Append(Evaluation).Append(".OutputValue[").Append(_plan.Outputs.Length).Append("];\n");
        for (var i = 0; i < _plan.Outputs.Length; i++)
        {
            var output = _plan.Outputs[i];
            var value = Convert("s.R" + output.Slot + "()", RuleRep(output), Rep.Value);
            run.Append("        o[").Append(i).Append("] = new ").Append(Evaluation).Append(".OutputValue(")
                .Append(Const(output.Name, "string")).Append(", ").Append(Const(output.Type, Semantics + ".PolicyType")).Append(", ")
                .Append(value).Append(");\n");
        }
        run.Append("        return o;\n");

        var names = string.Join(", ", rules.Select(r => SymbolDisplay.FormatLiteral(r.Name, quote: true)));

        var source = new StringBuilder();
        source.Append("// <auto-generated/>\n// The compiled form of a planned appraisal policy, generated from its evaluation tree.\n");
        source.Append("#nullable disable\n#pragma warning disable\n");
        source.Append("namespace Appraisal.Engine.Compiled\n{\n");
        source.Append("public static class P\n{\n");
        source.Append("    /// <summary>Rule names by slot, for debugging.</summary>\n");
        source.Append("    public static readonly string[] RuleNames = new string[] { ").Append(names).Append(" };\n");
        source.Append("    internal static global::Appraisal.Policy.Text.TextSpan[] S;\n");
        for (var i = 0; i < _constants.Count; i++) source.Append("    internal static ").Append(_constantTypes[i]).Append(" c").Append(i).Append(";\n");
        source.Append("    public static void Init(object[] k, global::Appraisal.Policy.Text.TextSpan[] spans)\n    {\n        S = spans;\n");
        for (var i = 0; i < _constants.Count; i++)
            source.Append("        c").Append(i).Append(" = (").Append(_constantTypes[i]).Append(")k[").Append(i).Append("];\n");
        source.Append("    }\n");
        source.Append("    public static ").Append(Evaluation).Append(".OutputValue[] Run(").Append(V).Append("[] f, global::System.Nullable<")
            .Append(" global::Appraisal.Engine.Values.PeriodValue> p, global::System.Collections.Generic.IReadOnlyList<").Append(Evaluation)
            .Append(".EarlierPeriod> h, long b)\n    {\n").Append(run).Append("    }\n");
        source.Append(Helpers);
        source.Append("}\n\n");
        source.Append("internal struct E\n{\n");
        source.Append("    internal ").Append(V).Append("[] f;\n    internal global::System.Nullable<global::Appraisal.Engine.Values.PeriodValue> p;\n");
        source.Append("    internal global::System.Collections.Generic.IReadOnlyList<").Append(Evaluation).Append(".EarlierPeriod> h;\n");
        source.Append("    internal long b, u;\n    internal int d;\n    internal ").Append(V).Append("[] e;\n");
        source.Append(state);
        source.Append("    internal void Spend(long n, int site)\n    {\n        u += n + 1;\n        if (u > b) throw ")
            .Append(Evaluation).Append(".Activation.BudgetExceeded(b, P.S[site]);\n    }\n");
        source.Append(_members);
        source.Append("}\n}\n");
        return new GeneratedProgram(source.ToString(), _constants.ToArray(), _spans.ToArray());
    }

    private const string Helpers = """
            [global::System.Runtime.CompilerServices.MethodImpl(global::System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
            internal static decimal Add(decimal x, decimal y, int site)
            {
                try { return global::Appraisal.Policy.Semantics.Arithmetic.Add(x, y); }
                catch (global::System.OverflowException) { throw global::Appraisal.Engine.Evaluation.EvalArithmetic.Overflow(S[site]); }
            }
            [global::System.Runtime.CompilerServices.MethodImpl(global::System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
            internal static decimal Sub(decimal x, decimal y, int site)
            {
                try { return global::Appraisal.Policy.Semantics.Arithmetic.Subtract(x, y); }
                catch (global::System.OverflowException) { throw global::Appraisal.Engine.Evaluation.EvalArithmetic.Overflow(S[site]); }
            }
            [global::System.Runtime.CompilerServices.MethodImpl(global::System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
            internal static decimal Mul(decimal x, decimal y, int site)
            {
                try { return global::Appraisal.Policy.Semantics.Arithmetic.Multiply(x, y); }
                catch (global::System.OverflowException) { throw global::Appraisal.Engine.Evaluation.EvalArithmetic.Overflow(S[site]); }
            }
            [global::System.Runtime.CompilerServices.MethodImpl(global::System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
            internal static decimal Div(decimal x, decimal y, int site)
            {
                try { return global::Appraisal.Policy.Semantics.Arithmetic.Divide(x, y); }
                catch (global::System.OverflowException) { throw global::Appraisal.Engine.Evaluation.EvalArithmetic.Overflow(S[site]); }
                catch (global::System.DivideByZeroException) { throw global::Appraisal.Engine.Evaluation.EvalArithmetic.DivisionByZero(S[site]); }
            }
            internal static int Member(global::Appraisal.Engine.Values.Value v, string type) =>
                v.Kind == global::Appraisal.Engine.Values.ValueKind.Enum && v.EnumType.Name == type ? v.EnumIndex : -1;
            internal static decimal Min(decimal best, decimal next) => global::Appraisal.Policy.Semantics.Arithmetic.Min(best, next);
            internal static decimal Max(decimal best, decimal next) => global::Appraisal.Policy.Semantics.Arithmetic.Max(best, next);
            internal static global::Appraisal.Engine.Values.Value MinV(global::Appraisal.Engine.Values.Value best, global::Appraisal.Engine.Values.Value next) => next.CompareTo(best) < 0 ? next : best;
            internal static global::Appraisal.Engine.Values.Value MaxV(global::Appraisal.Engine.Values.Value best, global::Appraisal.Engine.Values.Value next) => next.CompareTo(best) > 0 ? next : best;
            internal static bool Range(decimal x, decimal low, decimal high, bool open)
            {
                var above = x >= low;
                return above && (open ? x < high : x <= high);
            }
            internal static bool RangeV(global::Appraisal.Engine.Values.Value x, global::Appraisal.Engine.Values.Value low, global::Appraisal.Engine.Values.Value high, bool open)
            {
                var above = x.CompareTo(low) >= 0;
                var order = x.CompareTo(high);
                return above && (open ? order < 0 : order <= 0);
            }

        """;

    // -----------------------------------------------------------------------------------------
    // Rules

    private static Rep RepOfType(PolicyType type) => type switch
    {
        NumericType => Rep.Decimal,
        _ when type == PolicyType.Bool => Rep.Bool,
        _ => Rep.Value,
    };

    private static Rep RuleRep(RulePlan rule) => rule is ScorecardRule ? Rep.Value : RepOfType(rule.Type);

    private void EmitRule(RulePlan rule)
    {
        var i = rule.Slot;
        var plan = Const(rule, Evaluation + ".RulePlan");
        var guard = $"if (s{i} == 1) throw {Evaluation}.Activation.DependsOnItself({plan});\n"
            + $"        if (++d > {Evaluation}.Activation.UnguardedDepth) {Evaluation}.Activation.EnsureStack({plan});\n        s{i} = 1;\n";
        if (rule is ScorecardRule scorecard)
        {
            EmitScorecard(scorecard, guard);
            return;
        }
        var type = Type(RuleRep(rule));
        _members.Append($"    internal {type} R{i}() => s{i} == 2 ? r{i} : C{i}();\n");
        _members.Append($"    private {type} C{i}()\n    {{\n        {guard}        var v = K{i}();\n        r{i} = v;\n        s{i} = 2;\n        d--;\n        return v;\n    }}\n");
        var body = new StringBuilder();
        switch (rule)
        {
            case DefinitionRule definition:
                body.Append("        return ").Append(Emit(definition.Body, RuleRep(rule))).Append(";\n");
                break;
            case GateRule gate:
                // Every condition is evaluated, in order (as the tree does): '&' and '|' do not short-circuit.
                var any = gate.Kind == GateKind.Any;
                body.Append(any ? "        bool g = false;\n" : "        bool g = true;\n");
                foreach (var condition in gate.Conditions)
                    body.Append(any ? "        g |= " : "        g &= ").Append(Emit(condition.Test, Rep.Bool)).Append(";\n");
                body.Append("        return g;\n");
                break;
            case VetoRule veto:
                body.Append("        return ").Append(Emit(veto.When, Rep.Bool)).Append(";\n");
                break;
            case LevelsRule levels:
                EmitLevels(levels, body);
                break;
            case EscalationRule escalation:
                EmitEscalation(escalation, body);
                break;
            case PopulationRule population:
                body.Append("        throw ").Append(Const(population, Evaluation + ".PopulationRule")).Append(".NeedsGroup();\n");
                break;
            case OutputRule output:
                EmitOutput(output, body);
                break;
            default:
                throw new NotSupportedException($"rule kind {rule.GetType().Name}");
        }
        _members.Append($"    private {type} K{i}()\n    {{\n").Append(body).Append("    }\n");
    }

    private void EmitScorecard(ScorecardRule rule, string guard)
    {
        var i = rule.Slot;
        var n = rule.Entries.Length;
        var body = new StringBuilder();
        body.Append($"    private void C{i}()\n    {{\n        {guard}        decimal sum = 0m, fin;\n");
        for (var k = 0; k < n; k++)
        {
            var entry = rule.Entries[k];
            var site = Site(entry.Entry.Span);
            body.Append("        fin = ").Append(Emit(entry.Value, Rep.Decimal)).Append(";\n");
            if (entry.Floor is { } low) body.Append($"        if (fin < {Dec(low)}) fin = {Dec(low)};\n");
            if (entry.Cap is { } high) body.Append($"        if (fin > {Dec(high)}) fin = {Dec(high)};\n");
            var contribution = entry.Entry.Kind switch
            {
                // Without a weight the tree multiplies by 1, which leaves every bit (and the scale) as it is.
                EntryKind.Item when entry.Weight is null => "fin",
                EntryKind.Item => $"P.Mul(fin, {Dec(entry.Weight.Value)}, {site})",
                EntryKind.Deduct => $"{Semantics}.Arithmetic.Negate(fin)",
                _ => "fin",
            };
            body.Append($"        sum = P.Add(sum, {contribution}, {site});\n        r{i}_{k + 2} = fin;\n");
        }
        body.Append(rule.Floor is { } floor ? $"        r{i}_0 = sum < {Dec(floor)} ? {Dec(floor)} : sum;\n" : $"        r{i}_0 = sum;\n");
        body.Append($"        r{i}_1 = {Dec(rule.Total)};\n        s{i} = 2;\n        d--;\n    }}\n");
        _members.Append(body);
        for (var k = 0; k < n + 2; k++)
            _members.Append($"    internal decimal R{i}_{k}() {{ if (s{i} != 2) C{i}(); return r{i}_{k}; }}\n");
        var fields = string.Join(", ", Enumerable.Range(0, n + 2).Select(k => $"{V}.Of(r{i}_{k})"));
        _members.Append($"    internal {V} R{i}() {{ if (s{i} != 2) C{i}(); return {V}.Of(new global::Appraisal.Engine.Values.RecordValue(")
            .Append(Const(rule.Type, Semantics + ".RecordType")).Append($", new {V}[] {{ {fields} }})); }}\n");
    }

    private void EmitLevels(LevelsRule rule, StringBuilder body)
    {
        var type = (EnumType)rule.Type;
        var listed = rule.Levels.ToDictionary(l => l.Index, l => l.Requirements);
        // Every requirement of every level is evaluated (as the tree does), so budget spending and faults match.
        body.Append("        int reached = 0;\n        bool cumulative = true, own;\n");
        for (var index = 0; index < type.Members.Length; index++)
        {
            body.Append("        own = true;\n");
            foreach (var requirement in listed.GetValueOrDefault(index) ?? [])
                body.Append("        if (!(").Append(Emit(requirement.Test, Rep.Bool)).Append(")) own = false;\n");
            body.Append($"        cumulative &= own;\n        if (cumulative) reached = {index};\n");
        }
        if (rule.Current is not null)
        {
            body.Append("        int current = ").Append(Emit(rule.Current, Rep.Value)).Append(".EnumIndex;\n");
            if (rule.Step is { } step) body.Append($"        if (reached > current + {step}) reached = current + {step};\n");
        }
        body.Append("        return ").Append(V).Append(".Of(").Append(Const(type, Semantics + ".EnumType")).Append(", reached);\n");
    }

    private void EmitEscalation(EscalationRule rule, StringBuilder body)
    {
        var site = Site(rule.Span);
        var self = Const(rule, Evaluation + ".EscalationRule");
        body.Append("        if (!p.HasValue) throw ").Append(self).Append(".NeedsPeriod();\n");
        body.Append("        var current = p.GetValueOrDefault();\n");
        body.Append("        decimal start = ").Append(Emit(rule.Start, Rep.Decimal)).Append(";\n");
        body.Append("        decimal step = ").Append(Emit(rule.StepBy, Rep.Decimal)).Append(";\n");
        if (rule.Cap is not null) body.Append("        decimal cap = ").Append(Emit(rule.Cap, Rep.Decimal)).Append(";\n");
        body.Append("        var run = ").Append(Evaluation).Append(".EscalationRule.Run(h, current);\n");
        body.Append("        decimal value = start;\n");
        body.Append("        foreach (var earlier in run)\n        {\n            e = earlier.Outputs;\n            try\n            {\n");
        var stepping = new StringBuilder();
        stepping.Append("if (").Append(Emit(rule.StepWhen, Rep.Bool)).Append(")\n                {\n")
            .Append($"                    value = P.Add(value, step, {site});\n");
        if (rule.Cap is not null) stepping.Append("                    if (value > cap) value = cap;\n");
        stepping.Append("                }\n");
        if (rule.ResetWhen is not null)
            body.Append("                if (").Append(Emit(rule.ResetWhen, Rep.Bool)).Append(") value = start;\n                else ").Append(stepping);
        else
            body.Append("                ").Append(stepping);
        body.Append("            }\n            finally\n            {\n                e = null;\n            }\n        }\n");
        body.Append("        return ").Append(Convert("value", Rep.Decimal, RuleRep(rule))).Append(";\n");
    }

    private void EmitOutput(OutputRule rule, StringBuilder body)
    {
        var rep = RuleRep(rule);
        body.Append("        ").Append(Type(rep)).Append(" v;\n        ");
        foreach (var veto in rule.Vetoes)
        {
            body.Append("if (R").Append(veto.Slot).Append("()) v = ").Append(Emit(veto.Overrides[rule.Slot], rep)).Append(";\n        else ");
        }
        body.Append("v = ").Append(Emit(rule.Body, rep)).Append(";\n");
        if (rule.Precision is { } precision)
        {
            var apply = $"{Evaluation}.EvalArithmetic.Round({{0}}, {Dec(precision)}, {Semantics}.RoundingMode.{rule.Mode}, P.S[{Site(rule.Span)}])";
            if (rep == Rep.Decimal) body.Append("        v = ").Append(string.Format(CultureInfo.InvariantCulture, apply, "v")).Append(";\n");
            else if (rep == Rep.Value)
                body.Append("        if (v.Kind == global::Appraisal.Engine.Values.ValueKind.Number) v = ").Append(V).Append(".Of(")
                    .Append(string.Format(CultureInfo.InvariantCulture, apply, "v.AsNumber")).Append(");\n");
        }
        body.Append("        return v;\n");
    }

    // -----------------------------------------------------------------------------------------
    // Expressions

    /// <summary>How the generated code holds the value of a node (each kind of node answers below).</summary>
    private Rep RepOf(EvalNode node) => node.Accept<Rep>(this);

    Rep IEvalNodeVisitor<Rep>.Visit(EvalConst c) => c.Value.Kind switch { ValueKind.Number => Rep.Decimal, ValueKind.Bool => Rep.Bool, _ => Rep.Value };
    Rep IEvalNodeVisitor<Rep>.Visit(EvalInput input) => RepOfType(_plan.Inputs.Fields[input.Slot].Type);
    Rep IEvalNodeVisitor<Rep>.Visit(EvalLocal local) => _localReps[local.Slot];
    Rep IEvalNodeVisitor<Rep>.Visit(EvalRule rule) => RuleRep(_plan.Rules[rule.Slot]);
    Rep IEvalNodeVisitor<Rep>.Visit(EvalEarlierOutput node) => Rep.Value;
    Rep IEvalNodeVisitor<Rep>.Visit(EvalDatedParameter node) => Rep.Value;
    Rep IEvalNodeVisitor<Rep>.Visit(EvalNegate node) => Rep.Decimal;
    Rep IEvalNodeVisitor<Rep>.Visit(EvalNot node) => Rep.Bool;
    Rep IEvalNodeVisitor<Rep>.Visit(EvalArithmetic node) => Rep.Decimal;
    Rep IEvalNodeVisitor<Rep>.Visit(EvalDateArithmetic node) => Rep.Value;
    Rep IEvalNodeVisitor<Rep>.Visit(EvalCompare node) => Rep.Bool;
    Rep IEvalNodeVisitor<Rep>.Visit(EvalAnd node) => Rep.Bool;
    Rep IEvalNodeVisitor<Rep>.Visit(EvalOr node) => Rep.Bool;
    Rep IEvalNodeVisitor<Rep>.Visit(EvalIf conditional) => Unify(RepOf(conditional.Then), RepOf(conditional.Else));
    Rep IEvalNodeVisitor<Rep>.Visit(EvalInRange node) => Rep.Bool;
    Rep IEvalNodeVisitor<Rep>.Visit(EvalField field) => IsScorecard(field.Target) ? Rep.Decimal : Rep.Value;
    Rep IEvalNodeVisitor<Rep>.Visit(EvalList node) => Rep.Value;

    Rep IEvalNodeVisitor<Rep>.Visit(EvalBuiltIn builtIn) => builtIn.Function switch
    {
        BuiltIn.Min or BuiltIn.Max => builtIn.Arguments.All(a => RepOf(a) == Rep.Decimal) ? Rep.Decimal : Rep.Value,
        BuiltIn.Given => Rep.Bool,
        _ => Rep.Decimal,
    };

    Rep IEvalNodeVisitor<Rep>.Visit(EvalAggregate aggregate) => aggregate.Kind switch
    {
        AggregateKind.Count or AggregateKind.Sum => Rep.Decimal,
        AggregateKind.Any or AggregateKind.All => Rep.Bool,
        AggregateKind.Each => Rep.Value,
        _ => aggregate.Selector is not null && RepOf(aggregate.Selector) == Rep.Decimal ? Rep.Decimal : Rep.Value,
    };

    Rep IEvalNodeVisitor<Rep>.Visit(EvalTableCall call) => TableRep(call.Table);

    Rep IEvalNodeVisitor<Rep>.Visit(EvalExceptions exceptions) =>
        exceptions.Exceptions.Aggregate(RepOf(exceptions.Body), (rep, e) => Unify(rep, RepOf(e.Value)));

    private static Rep Unify(Rep a, Rep b) => a == b ? a : Rep.Value;

    private bool IsScorecard(EvalNode node) => node is EvalRule rule && _plan.Rules[rule.Slot] is ScorecardRule;

    private string Emit(EvalNode node, Rep want) => Convert(EmitNatural(node), RepOf(node), want);

    private static string Convert(string code, Rep from, Rep to) => (from, to) switch
    {
        _ when from == to => code,
        (Rep.Value, Rep.Decimal) => $"{code}.AsNumber",
        (Rep.Value, Rep.Bool) => $"{code}.AsBool",
        (_, Rep.Value) => $"{V}.Of({code})",
        _ => throw new InvalidOperationException($"internal error: cannot hold a {from} as a {to}"),
    };

    /// <summary>The C# of a node, held as <see cref="RepOf"/> says (each kind of node is written below).</summary>
    private string EmitNatural(EvalNode node) => node.Accept<string>(this);

    string IEvalNodeVisitor<string>.Visit(EvalConst c) => c.Value.Kind switch
    {
        ValueKind.Number => Dec(c.Value.AsNumber),
        ValueKind.Bool => c.Value.AsBool ? "true" : "false",
        _ => Const(c.Value, V),
    };

    string IEvalNodeVisitor<string>.Visit(EvalInput input) => Convert($"f[{input.Slot}]", Rep.Value, RepOf(input));
    string IEvalNodeVisitor<string>.Visit(EvalLocal local) => $"l{local.Slot}";
    string IEvalNodeVisitor<string>.Visit(EvalRule rule) => $"R{rule.Slot}()";
    string IEvalNodeVisitor<string>.Visit(EvalEarlierOutput earlier) => Const(earlier, Evaluation + ".EvalEarlierOutput") + ".From(e)";
    string IEvalNodeVisitor<string>.Visit(EvalDatedParameter dated) => Const(dated, Evaluation + ".EvalDatedParameter") + ".At(p)";
    string IEvalNodeVisitor<string>.Visit(EvalNegate negate) => $"{Semantics}.Arithmetic.Negate({Emit(negate.Operand, Rep.Decimal)})";
    string IEvalNodeVisitor<string>.Visit(EvalNot not) => $"(!{Emit(not.Operand, Rep.Bool)})";

    string IEvalNodeVisitor<string>.Visit(EvalArithmetic arithmetic)
    {
        var name = arithmetic.Op switch { ArithmeticOp.Add => "Add", ArithmeticOp.Subtract => "Sub", ArithmeticOp.Multiply => "Mul", _ => "Div" };
        return $"P.{name}({Emit(arithmetic.Left, Rep.Decimal)}, {Emit(arithmetic.Right, Rep.Decimal)}, {Site(arithmetic.Span)})";
    }

    string IEvalNodeVisitor<string>.Visit(EvalDateArithmetic date) =>
        $"{Evaluation}.EvalDateArithmetic.Apply({Emit(date.Left, Rep.Value)}.AsDate, {Emit(date.Right, Rep.Value)}, "
        + $"{(date.Subtract ? "true" : "false")}, {(date.RightIsDate ? "true" : "false")}, P.S[{Site(date.Span)}])";

    string IEvalNodeVisitor<string>.Visit(EvalCompare compare) => Compare(compare.Op, compare.Left, compare.Right);
    string IEvalNodeVisitor<string>.Visit(EvalAnd and) => $"({Emit(and.Left, Rep.Bool)} && {Emit(and.Right, Rep.Bool)})";
    string IEvalNodeVisitor<string>.Visit(EvalOr or) => $"({Emit(or.Left, Rep.Bool)} || {Emit(or.Right, Rep.Bool)})";

    string IEvalNodeVisitor<string>.Visit(EvalIf conditional)
    {
        var rep = RepOf(conditional);
        return $"({Emit(conditional.Condition, Rep.Bool)} ? {Emit(conditional.Then, rep)} : {Emit(conditional.Else, rep)})";
    }

    string IEvalNodeVisitor<string>.Visit(EvalInRange range) => InRange(range);

    string IEvalNodeVisitor<string>.Visit(EvalField field) =>
        field.Target is EvalRule { Slot: var slot } && _plan.Rules[slot] is ScorecardRule
            ? $"R{slot}_{field.Index}()"
            : $"{Emit(field.Target, Rep.Value)}.AsRecord.Fields[{field.Index}]";

    string IEvalNodeVisitor<string>.Visit(EvalList list) =>
        $"{V}.Of(new {V}[] {{ " + string.Join(", ", list.Items.Select(i => Emit(i, Rep.Value))) + " })";

    string IEvalNodeVisitor<string>.Visit(EvalBuiltIn builtIn) => BuiltInCall(builtIn);
    string IEvalNodeVisitor<string>.Visit(EvalAggregate aggregate) => Aggregate(aggregate);
    string IEvalNodeVisitor<string>.Visit(EvalTableCall call) => TableCall(call);

    string IEvalNodeVisitor<string>.Visit(EvalExceptions exceptions)
    {
        var rep = RepOf(exceptions);
        var code = new StringBuilder("(");
        foreach (var (condition, value, _) in exceptions.Exceptions)
            code.Append(Emit(condition, Rep.Bool)).Append(" ? ").Append(Emit(value, rep)).Append(" : ");
        return code.Append(Emit(exceptions.Body, rep)).Append(')').ToString();
    }

    private string Compare(BinaryOp op, EvalNode left, EvalNode right)
    {
        var (l, r) = (RepOf(left), RepOf(right));
        var symbol = op switch
        {
            BinaryOp.Eq => "==", BinaryOp.Ne => "!=", BinaryOp.Lt => "<", BinaryOp.Le => "<=", BinaryOp.Gt => ">", _ => ">=",
        };
        if (l == Rep.Decimal && r == Rep.Decimal) return $"({Emit(left, Rep.Decimal)} {symbol} {Emit(right, Rep.Decimal)})";
        if (l == Rep.Bool && r == Rep.Bool && op is BinaryOp.Eq or BinaryOp.Ne) return $"({Emit(left, Rep.Bool)} {symbol} {Emit(right, Rep.Bool)})";
        var (x, y) = (Emit(left, Rep.Value), Emit(right, Rep.Value));
        return op switch
        {
            BinaryOp.Eq => $"{x}.Equals({y})",
            BinaryOp.Ne => $"(!{x}.Equals({y}))",
            _ => $"({x}.CompareTo({y}) {symbol} 0)",
        };
    }

    private string InRange(EvalInRange range)
    {
        var name = "N" + _nextMethod++;
        var all = RepOf(range.Operand) == Rep.Decimal && RepOf(range.Low) == Rep.Decimal && RepOf(range.High) == Rep.Decimal;
        var method = all
            ? $"    private bool {name}()\n    {{\n        var v = {Emit(range.Operand, Rep.Decimal)};\n        return v >= {Emit(range.Low, Rep.Decimal)} && v <= {Emit(range.High, Rep.Decimal)};\n    }}\n"
            : $"    private bool {name}()\n    {{\n        var v = {Emit(range.Operand, Rep.Value)};\n        return v.CompareTo({Emit(range.Low, Rep.Value)}) >= 0 && v.CompareTo({Emit(range.High, Rep.Value)}) <= 0;\n    }}\n";
        _members.Append(method);
        return name + "()";
    }

    private string BuiltInCall(EvalBuiltIn builtIn)
    {
        var args = builtIn.Arguments;
        switch (builtIn.Function)
        {
            case BuiltIn.Round:
            {
                var name = "N" + _nextMethod++;
                var site = Site(args[1].Span);
                var method = new StringBuilder();
                method.Append($"    private decimal {name}()\n    {{\n        var precision = {Emit(args[1], Rep.Decimal)};\n");
                method.Append($"        if (precision <= 0m) throw {Evaluation}.EvalBuiltIn.BadPrecision(P.S[{site}]);\n");
                method.Append($"        return {Evaluation}.EvalArithmetic.Round({Emit(args[0], Rep.Decimal)}, precision, {Semantics}.RoundingMode.{builtIn.Mode}, P.S[{Site(builtIn.Span)}]);\n    }}\n");
                _members.Append(method);
                return name + "()";
            }
            case BuiltIn.Min or BuiltIn.Max:
            {
                var rep = RepOf(builtIn);
                var helper = (builtIn.Function == BuiltIn.Min ? "P.Min" : "P.Max") + (rep == Rep.Decimal ? "" : "V");
                var code = Emit(args[0], rep);
                for (var i = 1; i < args.Length; i++) code = $"{helper}({code}, {Emit(args[i], rep)})";
                return code;
            }
            case BuiltIn.Abs: return $"{Semantics}.Arithmetic.Abs({Emit(args[0], Rep.Decimal)})";
            // An input is held as its natural representation elsewhere; here it is read as it is, possibly missing.
            case BuiltIn.Given: return $"(!{(args[0] is EvalInput input ? $"f[{input.Slot}]" : Emit(args[0], Rep.Value))}.IsMissing)";
            case BuiltIn.Floor: return $"{Semantics}.Arithmetic.Floor({Emit(args[0], Rep.Decimal)})";
            default: return $"{Semantics}.Arithmetic.Ceiling({Emit(args[0], Rep.Decimal)})";
        }
    }

    private string Aggregate(EvalAggregate aggregate)
    {
        var name = "N" + _nextMethod++;
        var site = Site(aggregate.Span);
        var rep = RepOf(aggregate);
        var local = "l" + aggregate.Local;
        var m = new StringBuilder();
        m.Append($"    private {Type(rep)} {name}()\n    {{\n        var items = {Emit(aggregate.Source, Rep.Value)}.AsList;\n        Spend(items.Length, {site});\n");
        var selector = aggregate.Selector;
        switch (aggregate.Kind)
        {
            case AggregateKind.Sum: m.Append("        decimal sum = 0m;\n"); break;
            case AggregateKind.Count: m.Append("        int count = 0;\n"); break;
            case AggregateKind.Each: m.Append($"        var each = new global::System.Collections.Generic.List<{V}>(items.Length);\n"); break;
            case AggregateKind.Min or AggregateKind.Max:
                m.Append(rep == Rep.Decimal ? "        decimal best = 0m;\n        bool has = false;\n" : $"        {V} best = default;\n");
                break;
        }
        m.Append($"        for (var i = 0; i < items.Length; i++)\n        {{\n            {local} = items[i];\n");
        if (aggregate.Where is not null) m.Append($"            if (!{Emit(aggregate.Where, Rep.Bool)}) continue;\n");
        var item = $"{local}";
        switch (aggregate.Kind)
        {
            case AggregateKind.Count:
                m.Append(selector is null ? "            count++;\n" : $"            if ({Emit(selector, Rep.Bool)}) count++;\n");
                break;
            case AggregateKind.Any:
                m.Append(selector is null ? "            return true;\n" : $"            if ({Emit(selector, Rep.Bool)}) return true;\n");
                break;
            case AggregateKind.All:
                if (selector is not null) m.Append($"            if (!{Emit(selector, Rep.Bool)}) return false;\n");
                break;
            case AggregateKind.Each:
                m.Append($"            each.Add({(selector is null ? item : Emit(selector, Rep.Value))});\n");
                break;
            case AggregateKind.Sum:
                m.Append($"            sum = P.Add(sum, {(selector is null ? item + ".AsNumber" : Emit(selector, Rep.Decimal))}, {site});\n");
                break;
            default:
            {
                var less = aggregate.Kind == AggregateKind.Min ? "<" : ">";
                if (rep == Rep.Decimal)
                    m.Append($"            var v = {Emit(selector!, Rep.Decimal)};\n            if (!has || v {less} best) {{ best = v; has = true; }}\n");
                else
                    m.Append($"            var v = {(selector is null ? item : Emit(selector, Rep.Value))};\n            if (best.IsMissing || v.CompareTo(best) {less} 0) best = v;\n");
                break;
            }
        }
        m.Append("        }\n");
        var self = aggregate.Kind is AggregateKind.Min or AggregateKind.Max ? Const(aggregate, Evaluation + ".EvalAggregate") : "";
        m.Append(aggregate.Kind switch
        {
            AggregateKind.Count => "        return (decimal)count;\n",
            AggregateKind.Any => "        return false;\n",
            AggregateKind.All => "        return true;\n",
            AggregateKind.Sum => "        return sum;\n",
            AggregateKind.Each => $"        return {V}.Of(each.ToArray());\n",
            _ when rep == Rep.Decimal => $"        if (!has) throw {self}.EmptyList();\n        return best;\n",
            _ => $"        if (best.IsMissing) throw {self}.EmptyList();\n        return best;\n",
        });
        m.Append("    }\n");
        _members.Append(m);
        return name + "()";
    }

    // -----------------------------------------------------------------------------------------
    // Tables

    private Rep TableRep(TablePlan table)
    {
        if (_tableReps.TryGetValue(table, out var known)) return known;
        Rep rep;
        if (table.HitPolicy == HitPolicy.CollectSum) rep = Rep.Decimal;
        else
        {
            var results = table.Rows.Select(r => r.Result).Concat(table.Else is null ? [] : [table.Else]).ToList();
            rep = results.Count == 0 ? Rep.Value : results.Skip(1).Aggregate(RepOf(results[0]), (r, n) => Unify(r, RepOf(n)));
        }
        _tableReps[table] = rep;
        return rep;
    }

    private string TableCall(EvalTableCall call)
    {
        var table = call.Table;
        if (!_tableIds.TryGetValue(table, out var id))
        {
            id = _tableIds.Count;
            _tableIds[table] = id;
            EmitTable(table, id);
        }
        var args = call.Arguments.Select((a, i) => Emit(a, ColumnRep(table, i)));
        return $"T{id}({Site(call.Span)}{string.Concat(args.Select(a => ", " + a))})";
    }

    private Rep ColumnRep(TablePlan table, int column) => _localReps[table.ColumnLocals[column]];

    private void EmitTable(TablePlan table, int id)
    {
        var rep = TableRep(table);
        var self = Const(table, Evaluation + ".TablePlan");
        var columns = table.ColumnLocals.Length;
        var parameters = string.Concat(Enumerable.Range(0, columns).Select(i => $", {Type(ColumnRep(table, i))} a{i}"));
        var arguments = $"new {V}[] {{ " + string.Join(", ", Enumerable.Range(0, columns).Select(i => Convert("a" + i, ColumnRep(table, i), Rep.Value))) + " }";
        var m = new StringBuilder();
        m.Append($"    private {Type(rep)} T{id}(int site{parameters})\n    {{\n        Spend({table.Rows.Length}, site);\n");
        for (var i = 0; i < columns; i++) m.Append($"        l{table.ColumnLocals[i]} = a{i};\n");
        // An enum column tested against members: its member index, or -1 for anything that is not a member of
        // that enum (exactly when Value.Equals with each member would be false).
        for (var i = 0; i < columns; i++)
        {
            if (EnumColumn(table, i) is { } enumType)
                m.Append($"        int e{i} = P.Member(a{i}, {Const(enumType.Name, "string")});\n");
        }
        switch (table.HitPolicy)
        {
            case HitPolicy.First:
                foreach (var row in table.Rows) m.Append($"        if ({RowMatches(table, row)}) return {Emit(row.Result, rep)};\n");
                m.Append(table.Else is not null
                    ? $"        return {Emit(table.Else, rep)};\n"
                    : $"        throw {self}.NoRowMatches({arguments}, P.S[site]);\n");
                break;
            case HitPolicy.Unique:
                m.Append("        int found = 0;\n");
                foreach (var row in table.Rows)
                    m.Append($"        if ({RowMatches(table, row)})\n        {{\n            if (found != 0) throw {self}.BothMatch(found, {row.Number}, {arguments}, P.S[site]);\n            found = {row.Number};\n        }}\n");
                m.Append("        switch (found)\n        {\n");
                foreach (var row in table.Rows) m.Append($"            case {row.Number}: return {Emit(row.Result, rep)};\n");
                m.Append("        }\n");
                m.Append(table.Else is not null
                    ? $"        return {Emit(table.Else, rep)};\n"
                    : $"        throw {self}.NoRowMatches({arguments}, P.S[site]);\n");
                break;
            default:
                m.Append("        decimal sum = 0m;\n        bool any = false;\n");
                foreach (var row in table.Rows)
                    m.Append($"        if ({RowMatches(table, row)})\n        {{\n            any = true;\n            sum = P.Add(sum, {Emit(row.Result, Rep.Decimal)}, {Site(row.Span)});\n        }}\n");
                if (table.Else is not null) m.Append($"        if (!any) return {Emit(table.Else, Rep.Decimal)};\n");
                m.Append("        return sum;\n");
                break;
        }
        m.Append("    }\n");
        _members.Append(m);
    }

    /// <summary>The enum type of a column whose every equality test is against a member of that enum.</summary>
    private EnumType? EnumColumn(TablePlan table, int column)
    {
        if (ColumnRep(table, column) != Rep.Value) return null;
        var model = _plan.Source.Model;
        if (model.TypeOf(model.SymbolOfDeclaration[table.Declaration.Columns[column]]) is not EnumType type) return null;
        foreach (var row in table.Rows)
        {
            foreach (var test in row.Cells[column] ?? [])
            {
                if (!IsMemberTest(test, type)) return null;
            }
        }
        return type;
    }

    private static bool IsMemberTest(CellTest test, EnumType type) =>
        test is { High: null, Op: null or CompareOp.Eq or CompareOp.Ne, Value: EvalConst { Value.Kind: ValueKind.Enum } member }
        && member.Value.EnumType.Name == type.Name;

    private string RowMatches(TablePlan table, TableRowPlan row)
    {
        var cells = new List<string>();
        for (var c = 0; c < row.Cells.Length; c++)
        {
            if (row.Cells[c] is not { } tests) continue;
            var rep = ColumnRep(table, c);
            var argument = "a" + c;
            var enumColumn = EnumColumn(table, c) is not null;
            var alternatives = tests.Select(test => enumColumn
                ? $"(e{c} {(test.Op == CompareOp.Ne ? "!=" : "==")} {((EvalConst)test.Value).Value.EnumIndex})"
                : CellTest(test, argument, rep)).ToList();
            cells.Add(alternatives.Count == 1 ? alternatives[0] : "(" + string.Join(" || ", alternatives) + ")");
        }
        return cells.Count == 0 ? "true" : string.Join(" && ", cells);
    }

    private string CellTest(CellTest test, string argument, Rep rep)
    {
        if (rep == Rep.Decimal)
        {
            if (test.High is not null)
                return $"P.Range({argument}, {Emit(test.Value, Rep.Decimal)}, {Emit(test.High, Rep.Decimal)}, {(test.HighOpen ? "true" : "false")})";
            var op = test.Op switch
            {
                null or CompareOp.Eq => "==", CompareOp.Ne => "!=", CompareOp.Lt => "<", CompareOp.Le => "<=", CompareOp.Gt => ">", _ => ">=",
            };
            return $"({argument} {op} {Emit(test.Value, Rep.Decimal)})";
        }
        var value = Convert(argument, rep, Rep.Value);
        if (test.High is not null)
            return $"P.RangeV({value}, {Emit(test.Value, Rep.Value)}, {Emit(test.High, Rep.Value)}, {(test.HighOpen ? "true" : "false")})";
        var bound = Emit(test.Value, Rep.Value);
        return test.Op switch
        {
            null or CompareOp.Eq => $"{value}.Equals({bound})",
            CompareOp.Ne => $"(!{value}.Equals({bound}))",
            CompareOp.Lt => $"({value}.CompareTo({bound}) < 0)",
            CompareOp.Le => $"({value}.CompareTo({bound}) <= 0)",
            CompareOp.Gt => $"({value}.CompareTo({bound}) > 0)",
            _ => $"({value}.CompareTo({bound}) >= 0)",
        };
    }

    // -----------------------------------------------------------------------------------------
    // Names, constants and literals

    private static string Type(Rep rep) => rep switch { Rep.Decimal => "decimal", Rep.Bool => "bool", _ => V };

    /// <summary>Registers an object the generated code refers to, returning the name of its field.</summary>
    private string Const(object value, string type)
    {
        if (value is not Value && _constantIndex.TryGetValue(value, out var known) && _constantTypes[known] == type) return "P.c" + known;
        var index = _constants.Count;
        _constants.Add(value);
        _constantTypes.Add(type);
        if (value is not Value) _constantIndex.TryAdd(value, index);
        return "P.c" + index;
    }

    private int Site(TextSpan span)
    {
        _spans.Add(span);
        return _spans.Count - 1;
    }

    /// <summary>A decimal literal with exactly the same bits (scale included: 700.00 stays 700.00).</summary>
    internal static string Dec(decimal value)
    {
        var text = value.ToString(CultureInfo.InvariantCulture);
        if (text.Length <= 24 && decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var back)
            && decimal.GetBits(back).AsSpan().SequenceEqual(decimal.GetBits(value)))
            return value < 0 ? $"({text}m)" : text + "m";
        var bits = decimal.GetBits(value);
        var negative = (bits[3] & int.MinValue) != 0;
        var scale = (bits[3] >> 16) & 0xFF;
        return $"new decimal({bits[0]}, {bits[1]}, {bits[2]}, {(negative ? "true" : "false")}, {scale})";
    }
}
