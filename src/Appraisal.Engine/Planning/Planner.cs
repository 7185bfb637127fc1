using System.Collections.Immutable;
using Appraisal.Engine.Facts;
using Appraisal.Engine.Values;
using Appraisal.Policy.Semantics;
using Appraisal.Policy.Syntax;
using Appraisal.Engine.Evaluation;

namespace Appraisal.Engine.Planning;

/// <summary>
/// Turns a checked policy into an evaluation tree: every rule gets a slot, every name becomes a slot read, and table
/// rows, scorecard entries and conditions become small plans. Constants are folded by evaluating planned nodes: each
/// expression is planned first, and a node that depends on nothing (<see cref="ConstantFolding.CanFold"/>) is replaced
/// by the value the tree evaluator gives it, unless that evaluation fails (then the runtime reports the fault where it
/// is). Parameter references become the parameter's value the same way.
/// </summary>
internal sealed class Planner
{
    private readonly CheckedPolicy? _policy;
    private readonly SemanticModel _model;
    private readonly PlannerOptions _options;
    private readonly InputSchema? _inputs;
    private readonly Dictionary<Symbol, int> _ruleSlots = new();
    private readonly Dictionary<Symbol, int> _locals = new();
    private readonly Dictionary<Symbol, TablePlan> _tables = new();
    private readonly Dictionary<Symbol, int> _outputIndex = new();
    /// <summary>Each parameter's folded value, planned once however often the parameter is named.</summary>
    private readonly Dictionary<Symbol, Value> _parameterValues = new();
    /// <summary>What an explanation shows of each planned expression: its type and, for a name, the name as written.</summary>
    private readonly Dictionary<EvalNode, NodeInfo> _nodeInfo = new(ReferenceEqualityComparer.Instance);
    private bool _earlierPeriod;
    /// <summary>
    /// Planning a parameter's value or a constant the checker checked (a scorecard weight, a default): a parameter with
    /// dated values in it stands for the value the checker checked it with (its default, else its first dated value).
    /// </summary>
    private bool _checkedValue;
    /// <summary>Planning a constant the planner needs as a value: it is folded whatever <see cref="PlannerOptions.Fold"/> says.</summary>
    private bool _mustFold;

    private Planner(CheckedPolicy policy, PlannerOptions options)
    {
        _policy = policy;
        _model = policy.Model;
        _options = options;
        _inputs = InputSchema.From(_model);
    }

    /// <summary>A planner of constants only (<see cref="ConstantFolding"/>): a name of an input or a rule is an internal error.</summary>
    private Planner(SemanticModel model)
    {
        _model = model;
        _options = PlannerOptions.Default;
        _checkedValue = _mustFold = true;
    }

    internal static Planner ForConstants(SemanticModel model) => new(model);

    public static PolicyPlan Plan(CheckedPolicy policy) => Plan(policy, PlannerOptions.Default);

    internal static PolicyPlan Plan(CheckedPolicy policy, PlannerOptions options)
    {
        if (policy.HasErrors) throw new ArgumentException("a policy with errors cannot be planned", nameof(policy));
        return new Planner(policy, options).Build();
    }

    private PolicyPlan Build()
    {
        var ruleDeclarations = _model.AllDeclarations.OfType<NamedDeclaration>().Where(IsRule).ToList();
        foreach (var declaration in ruleDeclarations) _ruleSlots[Symbol(declaration)] = _ruleSlots.Count;
        var outputIndex = 0;
        foreach (var output in ruleDeclarations.OfType<OutputDecl>()) _outputIndex[Symbol(output)] = outputIndex++;
        foreach (var table in _model.AllDeclarations.OfType<TableDecl>()) _tables[Symbol(table)] = new TablePlan(table, Citation(table));

        foreach (var (symbol, table) in _tables) PlanTable(table);
        var rules = ruleDeclarations.Select(PlanRule).ToArray();
        var outputs = rules.OfType<OutputRule>().ToArray();
        foreach (var veto in _model.AllDeclarations.OfType<VetoDecl>())
        {
            var rule = (VetoRule)rules[_ruleSlots[Symbol(veto)]];
            foreach (var assignment in veto.Overrides)
            {
                var target = (OutputRule)rules[_ruleSlots[_model.References[assignment]]];
                if (rule.Overrides.TryAdd(target.Slot, Node(assignment.Value))) target.Vetoes.Add(rule);
            }
        }
        var constraints = _model.AllDeclarations.OfType<ConstraintDecl>().Where(c => _model.ReadsInputs(Symbol(c))).Select(PlanConstraint).ToImmutableArray();
        var inputs = constraints.IsEmpty ? _inputs! : _inputs!.WithConstraints(constraints, _locals.Count);
        return new PolicyPlan(_policy!, inputs, rules, outputs, _tables.Values.ToImmutableArray(), _locals.Count, _nodeInfo);
    }

    /// <summary>A constraint on inputs, checked by the fact reader on every fact set (<see cref="InputConstraint"/>).</summary>
    private InputConstraint PlanConstraint(ConstraintDecl constraint)
    {
        var reads = _model.Dependencies[Symbol(constraint)];
        var span = constraint.Condition.Span;
        return new InputConstraint(constraint.Name.Text, span.Source.Text[span.Start..span.End], constraint.Message, Node(constraint.Condition),
            [.. _inputs!.Fields.Where(f => reads.Any(r => r.Kind == SymbolKind.Input && r.Name == f.Name))]);
    }

    private static bool IsRule(NamedDeclaration declaration) => declaration is LetDecl or ScorecardDecl or GateDecl or VetoDecl
        or LevelsDecl or EscalationDecl or RankDecl or DistributeDecl or SelectDecl or OutputDecl;

    private Symbol Symbol(Node declaration) => _model.SymbolOfDeclaration[declaration];

    private string Citation(Declaration declaration) => _model.Citations.GetValueOrDefault(declaration, "");

    private PolicyType TypeOf(Node declaration) => _model.TypeOf(Symbol(declaration));

    // -----------------------------------------------------------------------------------------
    // Rules

    private RulePlan PlanRule(NamedDeclaration declaration)
    {
        var slot = _ruleSlots[Symbol(declaration)];
        var citation = Citation(declaration);
        switch (declaration)
        {
            case LetDecl let:
                return new DefinitionRule(slot, let, TypeOf(let), citation, WithExceptions(let.Value, let.Exceptions));
            case ScorecardDecl scorecard:
                return new ScorecardRule(slot, scorecard, (RecordType)TypeOf(scorecard), citation,
                    scorecard.Entries.Select(e => new ScorecardEntryPlan(e, Node(e.Value), Constant(e.Weight), Constant(e.Max),
                        Constant(e.Floor), Constant(e.Cap))).ToArray(),
                    Constant(scorecard.Total) ?? 0m, Constant(scorecard.Floor));
            case GateDecl gate:
                return new GateRule(slot, gate, citation, gate.Conditions.Select(PlanCondition).ToArray());
            case VetoDecl veto:
                return new VetoRule(slot, veto, citation, Node(veto.When));
            case LevelsDecl levels:
            {
                var type = (EnumType)TypeOf(levels);
                return new LevelsRule(slot, levels, type, citation,
                    levels.Levels.Select(l => (type.Members.IndexOf(l.Name.Text), l.Requirements.Select(PlanCondition).ToArray())).ToArray(),
                    levels.Current is null ? null : Node(levels.Current),
                    // A step of as many levels as there are (or more) never limits a promotion.
                    levels.Step is null ? null : (int)Math.Min(Constant(levels.Step)!.Value, type.Members.Length));
            }
            case EscalationDecl escalation:
            {
                var start = Node(escalation.Start);
                var step = Node(escalation.Step);
                var cap = escalation.Cap is null ? null : Node(escalation.Cap);
                _earlierPeriod = true;
                var stepWhen = Node(escalation.StepWhen);
                var resetWhen = escalation.ResetWhen is null ? null : Node(escalation.ResetWhen);
                _earlierPeriod = false;
                return new EscalationRule(slot, escalation, TypeOf(escalation), citation, start, step, stepWhen, cap, resetWhen);
            }
            case RankDecl rank:
                return new PopulationRule(slot, rank, TypeOf(rank), citation, Node(rank.By), null);
            case DistributeDecl distribute:
                return new PopulationRule(slot, distribute, TypeOf(distribute), citation, Node(distribute.By), null);
            case SelectDecl select:
                return new PopulationRule(slot, select, TypeOf(select), citation, Node(select.By), select.Where is null ? null : Node(select.Where));
            case OutputDecl output:
            {
                var mode = output.Round?.Mode is { } word ? Rounding.Parse(word.Text) ?? RoundingMode.HalfUp : RoundingMode.HalfUp;
                return new OutputRule(slot, output, TypeOf(output), citation, _outputIndex[Symbol(output)],
                    WithExceptions(output.Value, output.Exceptions), output.Round is null ? null : Constant(output.Round.Precision), mode);
            }
            default:
                throw new InvalidOperationException($"internal error: {declaration.GetType().Name} is not a rule");
        }
    }

    private EvalNode WithExceptions(Expr value, ImmutableArray<UnlessClause> exceptions)
    {
        var body = Node(value);
        return exceptions.IsEmpty
            ? body
            : new EvalExceptions(value.Span, body, exceptions.Select(e => (Node(e.Condition), Node(e.Value), e.Span)).ToArray());
    }

    private ConditionPlan PlanCondition(Condition condition)
    {
        var test = Node(condition.Test);
        if (condition.Test is BinaryExpr { Op: BinaryOp.Lt or BinaryOp.Le or BinaryOp.Gt or BinaryOp.Ge or BinaryOp.Eq or BinaryOp.Ne } compare
            && test is EvalCompare planned)
            return new ConditionPlan(condition, test, planned.Left, planned.Right, compare.Op);
        return new ConditionPlan(condition, test, null, null, null);
    }

    private void PlanTable(TablePlan table)
    {
        var declaration = table.Declaration;
        table.ColumnLocals = declaration.Columns.Select(c => Local(Symbol(c))).ToArray();
        var rows = new List<TableRowPlan>();
        for (var i = 0; i < declaration.Rows.Length; i++)
        {
            var row = declaration.Rows[i];
            if (row.IsElse)
            {
                table.Else = Node(row.Result);
                table.ElseNumber = i + 1;
                continue;
            }
            var cells = row.Cells.Select(cell => cell is TestCell tests ? tests.Tests.Select(PlanTest).ToArray() : null).ToArray();
            rows.Add(new TableRowPlan(i + 1, row.Span, cells, Node(row.Result)));
        }
        table.Rows = rows.ToArray();
    }

    private CellTest PlanTest(UnaryTest test) => test switch
    {
        CompareTest c => new CellTest(c.Span, c.Op, Node(c.Value), null, false),
        RangeTest r => new CellTest(r.Span, null, Node(r.Low), Node(r.High), r.HighOpen),
        EqualTest e => new CellTest(e.Span, null, Node(e.Value), null, false),
        _ => throw new InvalidOperationException("internal error: unknown table test"),
    };

    private int Local(Symbol symbol)
    {
        if (!_locals.TryGetValue(symbol, out var slot)) _locals[symbol] = slot = _locals.Count;
        return slot;
    }

    private decimal? Constant(Expr? expr) => expr is null ? null : ConstantValue(expr).AsNumber;

    // -----------------------------------------------------------------------------------------
    // Constants

    /// <summary>
    /// The value of an expression the checker found constant, planned and folded (<see cref="_checkedValue"/>,
    /// <see cref="_mustFold"/>); an internal error if it is not one.
    /// </summary>
    internal Value ConstantValue(Expr expr)
    {
        var outer = (_checkedValue, _mustFold);
        _checkedValue = _mustFold = true;
        try
        {
            return Node(expr) is EvalConst folded
                ? folded.Value
                : throw new InvalidOperationException($"internal error: the value at {expr.Span} is not a constant");
        }
        finally
        {
            (_checkedValue, _mustFold) = outer;
        }
    }

    /// <summary>Replaces a node that depends on nothing by its value, as the tree evaluates it.</summary>
    private EvalNode Fold(EvalNode node)
    {
        if (node is EvalConst || !(_options.Fold || _mustFold) || !ConstantFolding.CanFold(node)) return node;
        // An evaluation that fails (an overflow, a division by zero…) is not folded: the runtime reports it where it is.
        return ConstantFolding.TryEvaluate(node, out var value) ? new EvalConst(node.Span, Folded(value)) : node;
    }

    /// <summary>A value folding computed (the test hook of <see cref="PlannerOptions.AfterFold"/> sees it).</summary>
    private Value Folded(Value value) => _options.Fold && _options.AfterFold is { } hook ? hook(value) : value;

    // -----------------------------------------------------------------------------------------
    // Expressions

    /// <summary>Plans an expression: its planned node, folded when it depends on nothing.</summary>
    private EvalNode Node(Expr expr)
    {
        var unfolded = Unfolded(expr);
        var node = Fold(unfolded);
        if (_model.Types.TryGetValue(expr, out var type))
        {
            // A node planned once and shared (a parameter's folded value) is shown by the name that reads it; a folded
            // computation keeps the nodes it was folded from, for an explanation to show its arithmetic.
            if (expr is NameExpr or MemberExpr) _nodeInfo[node] = new NodeInfo(type, expr.Span.Source.Text[expr.Span.Start..expr.Span.End]);
            else _nodeInfo.TryAdd(node, new NodeInfo(type, null, ReferenceEquals(node, unfolded) || unfolded is EvalConst ? null : unfolded));
        }
        return node;
    }

    private EvalNode Unfolded(Expr expr)
    {
        switch (expr)
        {
            case NumberLiteral or PercentLiteral or DurationLiteral or BoolLiteral or StringLiteral or DateLiteral:
                return new EvalConst(expr.Span, Literal(expr));
            case PeriodLiteral p:
                return new EvalConst(p.Span, Value.Of(new PeriodValue(p.Kind, p.Year, p.Index)));
            case NameExpr name:
                return Name(name, _model.References[name]);
            case MemberExpr member:
                return Member(member);
            case CallExpr call:
                return Call(call);
            case AggregateExpr aggregate:
                return new EvalAggregate(aggregate.Span, aggregate.Kind, Local(Symbol(aggregate)), Node(aggregate.Source),
                    aggregate.Where is null ? null : Node(aggregate.Where), aggregate.Selector is null ? null : Node(aggregate.Selector));
            case UnaryExpr { Op: UnaryOp.Negate } negate:
                return new EvalNegate(negate.Span, Node(negate.Operand));
            case UnaryExpr not:
                return new EvalNot(not.Span, Node(not.Operand));
            case BinaryExpr binary:
                return Binary(binary);
            case InRangeExpr range:
                return new EvalInRange(range.Span, Node(range.Value), Node(range.Low), Node(range.High));
            case IfExpr conditional:
                return new EvalIf(conditional.Span, Node(conditional.Condition), Node(conditional.Then), Node(conditional.Else));
            case ListExpr list:
                return new EvalList(list.Span, list.Items.Select(Node).ToArray());
            default:
                throw new InvalidOperationException($"internal error: {expr.GetType().Name} at {expr.Span} cannot be evaluated");
        }
    }

    private EvalNode Name(NameExpr name, Symbol symbol)
    {
        switch (symbol.Kind)
        {
            case SymbolKind.Parameter:
                return Parameter(name, symbol, (ParamDecl)symbol.Declaration);
            case SymbolKind.EnumMember:
                return new EvalConst(name.Span, EnumMember(symbol, _model.TypeOf(name)));
            case var _ when _inputs is null:
                throw new InvalidOperationException($"internal error: '{symbol.Name}' at {name.Span} is not a constant");
            case SymbolKind.Input:
                var field = _inputs.Field(symbol.Name)!;
                return new EvalInput(name.Span, field.Slot, field.Name);
            case SymbolKind.Local:
                return new EvalLocal(name.Span, Local(symbol));
            case SymbolKind.Output when _earlierPeriod:
                return new EvalEarlierOutput(name.Span, _outputIndex[symbol], symbol.Name);
            default:
                return new EvalRule(name.Span, _ruleSlots[symbol]);
        }
    }

    /// <summary>
    /// A parameter reference: its value (the planned value expression, folded), or with dated values the value in
    /// force for the appraised period. Without folding it is the planned value expression itself, evaluated at run time.
    /// </summary>
    private EvalNode Parameter(NameExpr name, Symbol symbol, ParamDecl param)
    {
        if (param.DatedValues.IsEmpty || _checkedValue)
        {
            var folding = _options.Fold || _mustFold;
            if (folding && _parameterValues.TryGetValue(symbol, out var known)) return new EvalConst(name.Span, Folded(known));
            var outer = _checkedValue;
            _checkedValue = true;
            try
            {
                var value = Node(param.Field.Default ?? param.DatedValues[0].Value);
                if (!folding || value is not EvalConst folded) return value;
                _parameterValues[symbol] = folded.Value;
                return new EvalConst(name.Span, Folded(folded.Value));
            }
            finally
            {
                _checkedValue = outer;
            }
        }
        return new EvalDatedParameter(name.Span, symbol.Name,
            param.DatedValues.Select(d => (d.From, Folded(ConstantValue(d.Value)))).ToArray(),
            param.Field.Default is null ? null : Folded(ConstantValue(param.Field.Default)));
    }

    private EvalNode Member(MemberExpr member)
    {
        if (_model.Referenced(member) is { Kind: SymbolKind.EnumMember } enumMember)
            return new EvalConst(member.Span, EnumMember(enumMember, _model.TypeOf(member)));
        var record = (RecordType)_model.TypeOf(member.Target);
        var index = record.Fields.Select(f => f.Name).ToList().IndexOf(member.Member.Text);
        return new EvalField(member.Span, Node(member.Target), index);
    }

    private EvalNode Call(CallExpr call)
    {
        if (_model.Referenced(call) is { Kind: SymbolKind.Table } table)
            return new EvalTableCall(call.Span, _tables[table], call.Arguments.Select(Node).ToArray());
        var function = call.Callee.Text switch
        {
            "round" => BuiltIn.Round,
            "min" => BuiltIn.Min,
            "max" => BuiltIn.Max,
            "abs" => BuiltIn.Abs,
            "floor" => BuiltIn.Floor,
            "given" => BuiltIn.Given,
            _ => BuiltIn.Ceil,
        };
        var mode = RoundingMode.HalfUp;
        var arguments = call.Arguments;
        if (function == BuiltIn.Round && arguments.Length == 3 && arguments[2] is NameExpr word)
        {
            mode = Rounding.Parse(word.Name.Text) ?? RoundingMode.HalfUp;
            arguments = arguments.RemoveAt(2);
        }
        return new EvalBuiltIn(call.Span, function, arguments.Select(Node).ToArray(), mode);
    }

    private EvalNode Binary(BinaryExpr binary)
    {
        switch (binary.Op)
        {
            case BinaryOp.And: return new EvalAnd(binary.Span, Node(binary.Left), Node(binary.Right));
            case BinaryOp.Or: return new EvalOr(binary.Span, Node(binary.Left), Node(binary.Right));
            case BinaryOp.Add or BinaryOp.Subtract when _model.TypeOf(binary.Left) == PolicyType.Date:
                return new EvalDateArithmetic(binary.Span, binary.Op == BinaryOp.Subtract, Node(binary.Left), Node(binary.Right),
                    _model.TypeOf(binary.Right) == PolicyType.Date);
            case BinaryOp.Add: return new EvalArithmetic(binary.Span, ArithmeticOp.Add, Node(binary.Left), Node(binary.Right));
            case BinaryOp.Subtract: return new EvalArithmetic(binary.Span, ArithmeticOp.Subtract, Node(binary.Left), Node(binary.Right));
            case BinaryOp.Multiply or BinaryOp.Each or BinaryOp.Of:
                return new EvalArithmetic(binary.Span, ArithmeticOp.Multiply, Node(binary.Left), Node(binary.Right));
            case BinaryOp.Divide: return new EvalArithmetic(binary.Span, ArithmeticOp.Divide, Node(binary.Left), Node(binary.Right));
            default: return new EvalCompare(binary.Span, binary.Op, Node(binary.Left), Node(binary.Right));
        }
    }

    /// <summary>An enum member, of the type the checker gave the expression naming it.</summary>
    private static Value EnumMember(Symbol member, PolicyType written)
    {
        var declaration = (EnumDecl)member.Parent!.Declaration;
        var type = written as EnumType ?? new EnumType(declaration.Name.Text, declaration.Members.Select(m => m.Text).ToImmutableArray());
        return Value.Of(type, declaration.Members.Select(m => m.Text).ToList().IndexOf(member.Name));
    }

    /// <summary>A literal's value (<see cref="Literals"/>: what it means is defined once, for the checker too).</summary>
    private static Value Literal(Expr literal) => Literals.Value(literal) switch
    {
        decimal d => Value.Of(d),
        bool b => Value.Of(b),
        string s => Value.Of(s),
        DateOnly date => Value.Of(date),
        _ => throw new InvalidOperationException($"internal error: {literal.GetType().Name} at {literal.Span} is not a literal"),
    };
}
