using System.Collections.Immutable;
using Appraisal.Policy.Diagnostics;
using Appraisal.Policy.Formatting;
using Appraisal.Policy.Syntax;
using Appraisal.Policy.Text;

namespace Appraisal.Policy.Semantics;

/// <summary>
/// Pass 3: gives every expression and symbol a type, checks units (points + money is an error),
/// conditions, calls and declared types, and binds member access on records and scorecards.
/// </summary>
public sealed class TypeCheck
{
    private readonly SemanticModel _model;
    private readonly DiagnosticBag _diagnostics;
    private readonly HashSet<Symbol> _inProgress = new();

    /// <summary>The verbs of PL0202 (<c>cannot add points and money</c>).</summary>
    private static class Verbs
    {
        public static readonly Bilingual Add = new("add", "加法");
        public static readonly Bilingual Subtract = new("subtract", "减法");
        public static readonly Bilingual Compare = new("compare", "比较");
        public static readonly Bilingual Combine = new("combine", "合并");
    }

    private static class Phrases
    {
        public static readonly Bilingual ANumber = new("a number", "数值");
    }

    private TypeCheck(SemanticModel model, DiagnosticBag diagnostics)
    {
        _model = model;
        _diagnostics = diagnostics;
    }

    public static void Run(SemanticModel model, DiagnosticBag diagnostics)
    {
        var pass = new TypeCheck(model, diagnostics);
        foreach (var declaration in model.AllDeclarations) pass.Check(declaration);
    }

    // -----------------------------------------------------------------------------------------
    // Declarations

    /// <summary>
    /// True while the expressions of a rule (a table, definition, scorecard, gate, veto, levels, escalation, population
    /// rule or output) are checked: what is evaluated per subject, where a record value cannot be written.
    /// </summary>
    private bool _inRule;

    private void Check(Declaration declaration)
    {
        var outer = _inRule;
        _inRule = declaration is TableDecl or LetDecl or ScorecardDecl or GateDecl or VetoDecl or LevelsDecl or EscalationDecl
            or RankDecl or DistributeDecl or SelectDecl or OutputDecl;
        CheckDeclaration(declaration);
        _inRule = outer;
    }

    private void CheckDeclaration(Declaration declaration)
    {
        switch (declaration)
        {
            case InputDecl input:
                foreach (var field in input.Fields) OptionalField(field);
                break;
            case RecordDecl record:
                foreach (var field in record.Fields) OptionalField(field);
                break;
            case ParamDecl param:
            {
                NotOptional(param.Field);
                var type = Field(param.Field);
                foreach (var value in param.DatedValues) Expect(value.Value, type);
                break;
            }
            case ConstraintDecl c:
                Condition(c.Condition);
                break;
            case TableDecl table:
                Table(table);
                break;
            case LetDecl let:
                SymbolType(Symbol(let));
                break;
            case ScorecardDecl scorecard:
                Scorecard(scorecard);
                break;
            case GateDecl gate:
                foreach (var condition in gate.Conditions) Condition(condition.Test);
                break;
            case VetoDecl veto:
                Condition(veto.When);
                foreach (var assignment in veto.Overrides)
                {
                    var target = _model.Referenced(assignment);
                    if (target is not null && target.Kind != SymbolKind.Output)
                        _diagnostics.Report(DiagnosticCodes.VetoTarget, assignment.Target.Span, veto.Name.Text, assignment.Target.Text);
                    Expect(assignment.Value, target is { Kind: SymbolKind.Output } ? SymbolType(target) : PolicyType.Error);
                }
                break;
            case LevelsDecl levels:
            {
                var type = SymbolType(Symbol(levels));
                if (levels.Current is not null) Expect(levels.Current, type);
                if (levels.Step is not null) Expect(levels.Step, PolicyType.Count);
                foreach (var level in levels.Levels)
                foreach (var requirement in level.Requirements)
                    Condition(requirement.Test);
                break;
            }
            case EscalationDecl escalation:
            {
                var type = SymbolType(Symbol(escalation));
                Expect(escalation.Start, type);
                Expect(escalation.Step, type);
                if (escalation.Cap is not null) Expect(escalation.Cap, type);
                Condition(escalation.StepWhen);
                if (escalation.ResetWhen is not null) Condition(escalation.ResetWhen);
                break;
            }
            case RankDecl rank:
                Ordered(rank.By);
                break;
            case DistributeDecl distribute:
                SymbolType(Symbol(distribute));
                Ordered(distribute.By);
                break;
            case SelectDecl select:
                Ordered(select.By);
                if (select.Where is not null) Condition(select.Where);
                break;
            case TestDecl test:
                Test(test);
                break;
            case OutputDecl output:
                SymbolType(Symbol(output));
                if (output.Round is not null)
                {
                    Numeric(output.Round.Precision);
                    if (output.Round.Mode is { } mode && Rounding.Parse(mode.Text) is null)
                        _diagnostics.Report(DiagnosticCodes.UnknownRoundingMode, mode.Span, mode.Text);
                }
                break;
        }
    }

    /// <summary>Values in a test must fit the inputs (given) and outputs (expect, history) they name.</summary>
    private void Test(TestDecl test)
    {
        foreach (var clause in test.Clauses)
        {
            var (record, kinds) = clause switch
            {
                TestGiven g => (g.Facts, new[] { SymbolKind.Input }),
                TestExpect e => (e.Outputs, new[] { SymbolKind.Output }),
                TestHistory h => (h.Outputs, new[] { SymbolKind.Output }),
                _ => (null, Array.Empty<SymbolKind>()),
            };
            if (record is null) continue;
            foreach (var field in record.Fields)
            {
                if (_model.Globals.TryGetValue(field.Name.Text, out var symbol) && kinds.Contains(symbol.Kind)) Value(field.Value, SymbolType(symbol));
                else Expr(field.Value);
            }
        }
    }

    /// <summary>Checks a literal value against a type, looking inside record and list literals.</summary>
    private void Value(Expr value, PolicyType type)
    {
        switch (value, type)
        {
            case (ListExpr list, ListType listType):
                foreach (var item in list.Items) Value(item, listType.Element);
                _model.Types[value] = type;
                break;
            case (RecordExpr record, RecordType recordType):
                foreach (var field in record.Fields)
                {
                    if (recordType.Field(field.Name.Text) is { } fieldType) Value(field.Value, fieldType);
                    else
                    {
                        _diagnostics.ReportFixable(DiagnosticCodes.RecordFieldMismatch, field.Name.Span,
                            DiagnosticFix.ChangeTo(field.Name.Span, Suggestions.Closest(field.Name.Text,
                                recordType.Fields.Select(f => f.Name).Where(n => record.Fields.All(r => r.Name.Text != n)))),
                            recordType.Name, field.Name.Text);
                        Expr(field.Value);
                    }
                }
                foreach (var (name, _) in recordType.Fields.Where(f => record.Fields.All(r => r.Name.Text != f.Name)))
                {
                    if (!HasDefault(recordType, name)) _diagnostics.Report(DiagnosticCodes.MissingRecordField, record.Span, recordType.Name, name);
                }
                _model.Types[value] = type;
                break;
            default:
                Expect(value, type);
                break;
        }
    }

    private bool HasDefault(RecordType type, string field) =>
        _model.TypeSymbols.TryGetValue(type.Name, out var symbol) && symbol.Declaration is RecordDecl record
        && record.Fields.Any(f => f.Name.Text == field && (f.Default is not null || f.IsOptional));

    /// <summary>An input or record field: it may be optional, and then has no default.</summary>
    private void OptionalField(FieldDecl field)
    {
        Field(field);
        if (field.IsOptional && field.Default is not null)
            _diagnostics.Report(DiagnosticCodes.OptionalWithDefault, field.Default.Span, field.Name.Text);
    }

    private void NotOptional(FieldDecl field)
    {
        if (field.IsOptional) _diagnostics.Report(DiagnosticCodes.CannotBeOptional, field.Name.Span, field.Name.Text);
    }

    private PolicyType Field(FieldDecl field)
    {
        var type = Resolve(field.Type);
        if (_model.SymbolOfDeclaration.TryGetValue(field, out var symbol)) _model.SymbolTypes[symbol] = type;
        if (field.Range is not null)
        {
            Expect(field.Range.Low, type);
            Expect(field.Range.High, type);
        }
        if (field.Default is not null) Expect(field.Default, type);
        return type;
    }

    private void Table(TableDecl table)
    {
        var result = SymbolType(Symbol(table));
        foreach (var column in table.Columns) NotOptional(column);
        var columns = table.Columns.Select(Field).ToArray();
        foreach (var column in table.Columns) _model.SymbolTypes[LocalOf(column)] = Resolve(column.Type);
        if (table.HitPolicy == HitPolicy.CollectSum && result is not NumericType and not ErrorType)
            _diagnostics.Report(DiagnosticCodes.CollectSumType, table.Name.Span, table.Name.Text, result.Display);
        foreach (var row in table.Rows)
        {
            if (!row.IsElse && row.Cells.Length != columns.Length)
            {
                _diagnostics.Report(DiagnosticCodes.CellCount, row.Span, table.Name.Text, row.Cells.Length, columns.Length);
            }
            for (var i = 0; i < Math.Min(row.Cells.Length, columns.Length); i++)
            {
                if (row.Cells[i] is not TestCell cell) continue;
                foreach (var test in cell.Tests)
                {
                    switch (test)
                    {
                        case EqualTest { Value: BinaryExpr { Left: NameExpr named } compare } when named.Name.Text == table.Columns[i].Name.Text
                                                                                                && compare.Op is BinaryOp.Lt or BinaryOp.Le or BinaryOp.Gt or BinaryOp.Ge or BinaryOp.Eq or BinaryOp.Ne:
                        {
                            // `r <= 5%` in the column of r: the cell compares its column already, so it reads `<= 5%`.
                            var text = compare.Span.Source.Text;
                            var cellText = text[compare.Span.Start..compare.Span.End];
                            var written = text[named.Span.End..compare.Span.End].Trim();
                            _diagnostics.ReportFixable(DiagnosticCodes.CellNamesItsColumn, compare.Span,
                                [DiagnosticFix.Replace(compare.Span, written, new Bilingual($"Write '{written}'", $"改写为 '{written}'"))],
                                named.Name.Text, written, cellText);
                            break;
                        }
                        case EqualTest e: Comparable(e.Value, columns[i], ordered: false); break;
                        case CompareTest c: Comparable(c.Value, columns[i], ordered: c.Op is not (CompareOp.Eq or CompareOp.Ne)); break;
                        case RangeTest r:
                            Comparable(r.Low, columns[i], ordered: true);
                            Comparable(r.High, columns[i], ordered: true);
                            break;
                    }
                }
            }
            Expect(row.Result, result);
        }
    }

    private Symbol LocalOf(FieldDecl column) => _model.SymbolOfDeclaration.TryGetValue(column, out var s)
        ? s : _model.SymbolOfDeclaration[column] = new Symbol(column.Name.Text, SymbolKind.Local, column);

    private void Comparable(Expr value, PolicyType column, bool ordered)
    {
        var type = Expr(value);
        if (column is NumericType c && type is NumericType t)
        {
            if (TypeRules.Common(c, t) is null) _diagnostics.Report(DiagnosticCodes.TypeMismatch, value.Span, column.Display, type.Display);
            return;
        }
        if (!TypeRules.IsAssignable(column, type)) _diagnostics.Report(DiagnosticCodes.TypeMismatch, value.Span, column.Display, type.Display);
        else if (ordered && !IsOrdered(column)) _diagnostics.Report(DiagnosticCodes.NotComparable, value.Span, column.Display);
    }

    private void Scorecard(ScorecardDecl scorecard)
    {
        SymbolType(Symbol(scorecard));
        Expect(scorecard.Total, PolicyType.Points);
        if (scorecard.Floor is not null) Expect(scorecard.Floor, PolicyType.Points);
        foreach (var entry in scorecard.Entries)
        {
            if (entry.Weight is not null) Expect(entry.Weight, PolicyType.Number);
            if (entry.Max is not null) Expect(entry.Max, PolicyType.Points);
            Expect(entry.Value, PolicyType.Points);
            if (entry.Floor is not null) Expect(entry.Floor, PolicyType.Points);
            if (entry.Cap is not null) Expect(entry.Cap, PolicyType.Points);
            if (_model.SymbolOfDeclaration.TryGetValue(entry, out var item)) _model.SymbolTypes[item] = PolicyType.Points;
        }
    }

    // -----------------------------------------------------------------------------------------
    // Symbols and types

    private Symbol Symbol(Node declaration) => _model.SymbolOfDeclaration[declaration];

    /// <summary>The type of a symbol, computed on first use (definitions are typed from their value).</summary>
    private PolicyType SymbolType(Symbol symbol)
    {
        if (_model.SymbolTypes.TryGetValue(symbol, out var known)) return known;
        if (!_inProgress.Add(symbol)) return PolicyType.Error; // a cycle: CycleCheck reports it
        var type = symbol.Declaration switch
        {
            FieldDecl field => Resolve(field.Type),
            ParamDecl param => Resolve(param.Field.Type),
            EnumDecl e => new EnumType(e.Name.Text, e.Members.Select(m => m.Text).ToImmutableArray()),
            Syntax.Name when symbol.Kind == SymbolKind.EnumMember => SymbolType(symbol.Parent!),
            RecordDecl r => new RecordType(r.Name.Text, r.Fields.Select(f => (f.Name.Text, Resolve(f.Type))).ToImmutableArray()),
            TableDecl t => Resolve(t.Result),
            LetDecl let => InRule(() => Let(let)),
            ScorecardDecl s => new RecordType(s.Name.Text,
                new[] { ("score", (PolicyType)PolicyType.Points), ("max", PolicyType.Points) }
                    .Concat(s.Entries.Select(e => (e.Name.Text, (PolicyType)PolicyType.Points))).ToImmutableArray()),
            GateDecl or VetoDecl or SelectDecl or ConstraintDecl => PolicyType.Bool,
            LevelsDecl l => EnumTyped(l.Type, l.Name),
            DistributeDecl d => EnumTyped(d.Type, d.Name),
            EscalationDecl e => Resolve(e.Type),
            RankDecl => PolicyType.Count,
            OutputDecl o => InRule(() => Output(o)),
            AggregateExpr a => Expr(a.Source) is ListType list ? list.Element : PolicyType.Error,
            _ => PolicyType.Error,
        };
        _inProgress.Remove(symbol);
        _model.SymbolTypes[symbol] = type;
        return type;
    }

    /// <summary>Types a rule's expressions as a rule's, from wherever its type is first asked for.</summary>
    private PolicyType InRule(Func<PolicyType> check)
    {
        var (outer, given) = (_inRule, _given);
        (_inRule, _given) = (true, []); // what the asking rule knows is given does not hold in this one
        var type = check();
        (_inRule, _given) = (outer, given);
        return type;
    }

    private PolicyType Let(LetDecl let)
    {
        var declared = let.Type is null ? null : Resolve(let.Type);
        var actual = declared is null ? Expr(let.Value) : Expect(let.Value, declared);
        var type = declared ?? (actual is NumericType { IsLiteral: true } ? PolicyType.Number : actual);
        Exceptions(let.Exceptions, type);
        return type;
    }

    private PolicyType Output(OutputDecl output)
    {
        var type = Resolve(output.Type);
        _model.SymbolTypes[Symbol(output)] = type; // outputs may be read by their own exceptions' siblings
        Expect(output.Value, type);
        Exceptions(output.Exceptions, type);
        return type;
    }

    private void Exceptions(IEnumerable<UnlessClause> clauses, PolicyType type)
    {
        foreach (var clause in clauses)
        {
            Condition(clause.Condition);
            Given(clause.Condition, holds: true, () => Expect(clause.Value, type));
        }
    }

    private PolicyType EnumTyped(TypeRef typeRef, Name owner)
    {
        var type = Resolve(typeRef);
        if (type is EnumType or ErrorType) return type;
        _diagnostics.Report(DiagnosticCodes.NeedsEnumType, typeRef.Span, owner.Text, type.Display);
        return PolicyType.Error;
    }

    private PolicyType Resolve(TypeRef typeRef) => typeRef switch
    {
        ListTypeRef list => new ListType(Resolve(list.Element)),
        RatioTypeRef ratio => Ratio(ratio),
        NamedTypeRef named when PolicyType.BuiltIn.TryGetValue(named.Name.Text, out var builtIn) => builtIn,
        NamedTypeRef named when _model.Referenced(named) is { } symbol => SymbolType(symbol),
        _ => PolicyType.Error,
    };

    /// <summary><c>money / points</c>: the unit of one dimension over another, as a division of the two gives it.</summary>
    private PolicyType Ratio(RatioTypeRef ratio)
    {
        var (top, bottom) = (Resolve(ratio.Numerator), Resolve(ratio.Denominator));
        if (top is ErrorType || bottom is ErrorType) return PolicyType.Error;
        if (top is NumericType { IsDimensionless: false } t && bottom is NumericType { IsDimensionless: false } b && t.Dimension != b.Dimension)
            return TypeRules.Divide(t, b);
        var written = TypePrinter.Print(ratio);
        Bilingual hint = top is NumericType n && bottom is NumericType d && TypeRules.Divide(n, d) is var quotient
            && (quotient.IsDimensionless || PolicyType.BuiltIn.ContainsKey(quotient.Display))
            ? new($"'{written}' is {quotient.Display}: write '{quotient.Display}'", $"'{written}' 就是 {quotient.Display}：写 '{quotient.Display}'")
            : new("a ratio type is e.g. 'money / points' or 'points / money'", "比值类型例如 'money / points' 或 'points / money'");
        _diagnostics.Report(DiagnosticCodes.NotAUnitRatio, ratio.Span, written, hint);
        return PolicyType.Error;
    }

    // -----------------------------------------------------------------------------------------
    // Expressions

    private PolicyType Expect(Expr expr, PolicyType expected)
    {
        var actual = Expr(expr);
        if (!TypeRules.IsAssignable(expected, actual))
            _diagnostics.Report(DiagnosticCodes.TypeMismatch, expr.Span, expected.Display, actual.Display);
        return actual;
    }

    private void Condition(Expr expr)
    {
        var type = Expr(expr);
        if (type != PolicyType.Bool && type is not ErrorType) _diagnostics.Report(DiagnosticCodes.NotBoolean, expr.Span, type.Display);
    }

    private NumericType? Numeric(Expr expr)
    {
        var type = Expr(expr);
        if (type is NumericType numeric) return numeric;
        if (type is not ErrorType) _diagnostics.Report(DiagnosticCodes.TypeMismatch, expr.Span, Phrases.ANumber, type.Display);
        return null;
    }

    private void Ordered(Expr expr)
    {
        var type = Expr(expr);
        if (!IsOrdered(type)) _diagnostics.Report(DiagnosticCodes.NotComparable, expr.Span, type.Display);
    }

    private static bool IsOrdered(PolicyType type) =>
        type is NumericType or EnumType or ErrorType || type == PolicyType.Date || type == PolicyType.Period;

    private PolicyType Expr(Expr expr)
    {
        if (_model.Types.TryGetValue(expr, out var known)) return known;
        var type = Compute(expr);
        _model.Types[expr] = type;
        return type;
    }

    private PolicyType Compute(Expr expr)
    {
        switch (expr)
        {
            case NumberLiteral n:
                return n.Unit switch { LiteralUnit.Money => PolicyType.Money, LiteralUnit.Points => PolicyType.Points, _ => PolicyType.Literal };
            case PercentLiteral: return PolicyType.Percent;
            case DurationLiteral: return PolicyType.Duration;
            case DateLiteral: return PolicyType.Date;
            case PeriodLiteral: return PolicyType.Period;
            case StringLiteral: return PolicyType.Text;
            case BoolLiteral: return PolicyType.Bool;
            case NameExpr name: return Name(name);
            case MemberExpr member: return Member(member);
            case CallExpr call: return Call(call);
            case AggregateExpr aggregate: return Aggregate(aggregate);
            case UnaryExpr { Op: UnaryOp.Not } not:
                Condition(not.Operand);
                return PolicyType.Bool;
            case UnaryExpr negate:
                return Numeric(negate.Operand) is { } n2 ? n2 : PolicyType.Error;
            case BinaryExpr binary: return Binary(binary);
            case InRangeExpr range:
            {
                var value = Expr(range.Value);
                Comparable(range.Low, value, ordered: true);
                Comparable(range.High, value, ordered: true);
                return PolicyType.Bool;
            }
            case IfExpr conditional:
            {
                Condition(conditional.Condition);
                Given(conditional.Condition, holds: true, () => Expr(conditional.Then));
                Given(conditional.Condition, holds: false, () => Expr(conditional.Else));
                return Join(conditional.Then, conditional.Else, Verbs.Combine);
            }
            case RecordExpr record:
                // A record value is data a test gives or a default: a rule computes numbers, conditions and grades.
                if (_inRule) _diagnostics.Report(DiagnosticCodes.RecordValueInRule, record.Span);
                foreach (var field in record.Fields) Expr(field.Value);
                return new AnonymousRecordType();
            case ListExpr list:
            {
                PolicyType element = PolicyType.Error;
                foreach (var item in list.Items)
                {
                    var type = Expr(item);
                    element = element is ErrorType ? type
                        : element is NumericType a && type is NumericType b ? TypeRules.Common(a, b) ?? element : element;
                }
                return new ListType(element);
            }
            default:
                return PolicyType.Error;
        }
    }

    private PolicyType Name(NameExpr name)
    {
        if (_model.Referenced(name) is not { } symbol) return PolicyType.Error;
        if (symbol.Kind is SymbolKind.Table or SymbolKind.Enum or SymbolKind.Record or SymbolKind.Constraint)
        {
            _diagnostics.Report(DiagnosticCodes.NotAValue, name.Span, name.Name.Text, new Bilingual(symbol.KindName, symbol.KindNameZh));
            return PolicyType.Error;
        }
        var type = SymbolType(symbol);
        MustBeGiven(name);
        return type;
    }

    private PolicyType Member(MemberExpr member)
    {
        if (_model.Referenced(member) is { Kind: SymbolKind.EnumMember } enumMember) return SymbolType(enumMember);
        if (member.Target is NameExpr target && _model.Referenced(target) is { Kind: SymbolKind.Enum }) return PolicyType.Error; // reported
        var targetType = Expr(member.Target);
        if (targetType is ErrorType || member.Member.Text.Length == 0) return PolicyType.Error;
        if (targetType is RecordType record)
        {
            if (record.Field(member.Member.Text) is { } field)
            {
                if (member.Target is NameExpr owner && _model.Referenced(owner) is { Kind: SymbolKind.Scorecard } scorecard)
                {
                    var entry = ((ScorecardDecl)scorecard.Declaration).Entries.FirstOrDefault(e => e.Name.Text == member.Member.Text);
                    if (entry is not null && _model.SymbolOfDeclaration.TryGetValue(entry, out var item)) _model.References[member] = item;
                }
                MustBeGiven(member);
                return field;
            }
            _diagnostics.ReportFixable(DiagnosticCodes.UnknownMember, member.Member.Span,
                DiagnosticFix.ChangeTo(member.Member.Span, Suggestions.Closest(member.Member.Text, record.Fields.Select(f => f.Name))),
                DescribeTarget(member.Target), member.Member.Text, string.Join(", ", record.Fields.Select(f => f.Name)));
            return PolicyType.Error;
        }
        _diagnostics.Report(DiagnosticCodes.UnknownMember, member.Member.Span, DescribeTarget(member.Target), member.Member.Text, new Bilingual("(none)", "（无）"));
        return PolicyType.Error;
    }

    private static string DescribeTarget(Expr target) => target switch
    {
        NameExpr n => n.Name.Text,
        MemberExpr m => DescribeTarget(m.Target) + "." + m.Member.Text,
        _ => "value",
    };

    private PolicyType Call(CallExpr call)
    {
        if (_model.Referenced(call) is { Kind: SymbolKind.Table } table)
        {
            var declaration = (TableDecl)table.Declaration;
            if (call.Arguments.Length != declaration.Columns.Length)
                _diagnostics.Report(DiagnosticCodes.WrongArgumentCount, call.Span, call.Callee.Text, declaration.Columns.Length, call.Arguments.Length);
            for (var i = 0; i < call.Arguments.Length; i++)
            {
                if (i < declaration.Columns.Length) Expect(call.Arguments[i], Resolve(declaration.Columns[i].Type));
                else Expr(call.Arguments[i]);
            }
            return SymbolType(table);
        }
        var name = call.Callee.Text;
        switch (name)
        {
            case "round":
            {
                if (call.Arguments.Length is < 2 or > 3)
                {
                    _diagnostics.Report(DiagnosticCodes.WrongArgumentCount, call.Span, name, "2 or 3", call.Arguments.Length);
                    foreach (var argument in call.Arguments.Take(2)) Expr(argument);
                    return call.Arguments.Length > 0 ? Expr(call.Arguments[0]) : PolicyType.Error;
                }
                var value = Numeric(call.Arguments[0]);
                Numeric(call.Arguments[1]);
                if (call.Arguments.Length == 3)
                {
                    if (call.Arguments[2] is NameExpr mode && Rounding.Parse(mode.Name.Text) is null)
                        _diagnostics.Report(DiagnosticCodes.UnknownRoundingMode, mode.Span, mode.Name.Text);
                    else if (call.Arguments[2] is not NameExpr)
                        _diagnostics.Report(DiagnosticCodes.UnknownRoundingMode, call.Arguments[2].Span, "?");
                }
                return (PolicyType?)value ?? PolicyType.Error;
            }
            case "min" or "max":
            {
                if (call.Arguments.Length < 2)
                    _diagnostics.Report(DiagnosticCodes.WrongArgumentCount, call.Span, name, "2 or more", call.Arguments.Length);
                NumericType? common = null;
                foreach (var argument in call.Arguments)
                {
                    if (Numeric(argument) is not { } n) continue;
                    var joined = common is null ? n : TypeRules.Common(common, n);
                    if (joined is null) _diagnostics.Report(DiagnosticCodes.UnitMismatch, argument.Span, Verbs.Compare, common!.Display, n.Display);
                    else common = joined;
                }
                return (PolicyType?)common ?? PolicyType.Error;
            }
            case "given":
            {
                if (call.Arguments.Length != 1)
                    _diagnostics.Report(DiagnosticCodes.WrongArgumentCount, call.Span, name, 1, call.Arguments.Length);
                for (var i = 0; i < call.Arguments.Length; i++)
                {
                    var argument = call.Arguments[i];
                    var outer = _testingGiven;
                    _testingGiven = i == 0;
                    var type = Expr(argument);
                    _testingGiven = outer;
                    if (i == 0 && type is not ErrorType && Optional(argument) is null)
                        _diagnostics.Report(DiagnosticCodes.AlwaysGiven, argument.Span, Text(argument));
                }
                return PolicyType.Bool;
            }
            case "abs" or "floor" or "ceil":
            {
                if (call.Arguments.Length != 1)
                    _diagnostics.Report(DiagnosticCodes.WrongArgumentCount, call.Span, name, 1, call.Arguments.Length);
                foreach (var argument in call.Arguments.Skip(1)) Expr(argument);
                return call.Arguments.Length > 0 && Numeric(call.Arguments[0]) is { } n ? n : PolicyType.Error;
            }
            default:
                foreach (var argument in call.Arguments) Expr(argument);
                return PolicyType.Error; // unknown function: reported by NameResolution
        }
    }

    // -----------------------------------------------------------------------------------------
    // Optional inputs: read only where a 'given(x)' around the read makes sure x is given

    /// <summary>An optional input or record field as written: the input (or aggregation variable) and the field names after it.</summary>
    private readonly record struct OptionalPath(Symbol Root, string Fields);

    /// <summary>The optional inputs and fields known to be given where the expression being checked is evaluated.</summary>
    private ImmutableHashSet<OptionalPath> _given = [];

    /// <summary>True while the argument of <c>given(…)</c> is checked: reading an optional value there is the point.</summary>
    private bool _testingGiven;

    /// <summary>The path of <paramref name="expr"/> when it reads an optional input or record field, else null.</summary>
    private OptionalPath? Optional(Expr expr) => expr switch
    {
        NameExpr name when _model.Referenced(name) is { Kind: SymbolKind.Input, Declaration: FieldDecl { IsOptional: true } } input =>
            new OptionalPath(input, ""),
        MemberExpr member when Path(member.Target) is { } target && _model.TypeOf(member.Target) is RecordType record
            && _model.TypeSymbols.TryGetValue(record.Name, out var symbol) && symbol.Declaration is RecordDecl declaration
            && declaration.Fields.Any(f => f.Name.Text == member.Member.Text && f.IsOptional) =>
            target with { Fields = target.Fields + "." + member.Member.Text },
        _ => null,
    };

    /// <summary>An input, an aggregation variable, or a field of one of them: what <c>given</c> can narrow.</summary>
    private OptionalPath? Path(Expr expr) => expr switch
    {
        NameExpr name when _model.Referenced(name) is { Kind: SymbolKind.Input or SymbolKind.Local } root => new OptionalPath(root, ""),
        MemberExpr member when Path(member.Target) is { } target => target with { Fields = target.Fields + "." + member.Member.Text },
        _ => null,
    };

    private void MustBeGiven(Expr read)
    {
        if (_testingGiven || Optional(read) is not { } path || _given.Contains(path)) return;
        _diagnostics.Report(DiagnosticCodes.MayNotBeGiven, read.Span, Text(read));
    }

    /// <summary>Checks <paramref name="check"/> knowing what <paramref name="condition"/> holding (or not) says is given.</summary>
    private void Given(Expr condition, bool holds, Action check)
    {
        var outer = _given;
        _given = _given.Union(KnownGiven(condition, holds));
        check();
        _given = outer;
    }

    private IEnumerable<OptionalPath> KnownGiven(Expr condition, bool holds) => condition switch
    {
        CallExpr { Callee.Text: "given", Arguments: [var argument] } call when holds && _model.Referenced(call) is null
            && Optional(argument) is { } path => [path],
        UnaryExpr { Op: UnaryOp.Not } negation => KnownGiven(negation.Operand, !holds),
        BinaryExpr { Op: BinaryOp.And } both when holds => KnownGiven(both.Left, true).Concat(KnownGiven(both.Right, true)),
        BinaryExpr { Op: BinaryOp.Or } either when !holds => KnownGiven(either.Left, false).Concat(KnownGiven(either.Right, false)),
        _ => [],
    };

    private static string Text(Expr e) => e.Span.Source.Text[e.Span.Start..e.Span.End];

    private PolicyType Aggregate(AggregateExpr aggregate)
    {
        var source = Expr(aggregate.Source);
        if (source is not ListType and not ErrorType)
            _diagnostics.Report(DiagnosticCodes.NotAList, aggregate.Source.Span, aggregate.Kind.ToString().ToLowerInvariant(), source.Display);
        var element = source is ListType list ? list.Element : PolicyType.Error;
        if (_model.SymbolOfDeclaration.TryGetValue(aggregate, out var local)) _model.SymbolTypes[local] = element;
        if (aggregate.Where is not null) Condition(aggregate.Where);
        if (aggregate.Selector is not null && aggregate.Where is not null)
            Given(aggregate.Where, holds: true, () => Expr(aggregate.Selector));
        switch (aggregate.Kind)
        {
            case AggregateKind.Count:
                if (aggregate.Selector is not null) Condition(aggregate.Selector);
                return PolicyType.Count;
            case AggregateKind.Each:
            {
                var selected = aggregate.Selector is not null ? Expr(aggregate.Selector) : element;
                return selected is ErrorType ? PolicyType.Error
                    : new ListType(selected is NumericType { IsLiteral: true } ? PolicyType.Number : selected);
            }
            case AggregateKind.Any or AggregateKind.All:
                if (aggregate.Selector is not null) Condition(aggregate.Selector);
                else if (aggregate.Where is null && element != PolicyType.Bool && element is not ErrorType)
                    _diagnostics.Report(DiagnosticCodes.NotBoolean, aggregate.Span, element.Display);
                return PolicyType.Bool;
            default:
            {
                var selected = aggregate.Selector is not null ? Expr(aggregate.Selector) : element;
                if (selected is NumericType numeric) return numeric.IsLiteral ? PolicyType.Number : numeric;
                if (aggregate.Kind != AggregateKind.Sum && IsOrdered(selected)) return selected;
                if (selected is not ErrorType)
                    _diagnostics.Report(DiagnosticCodes.TypeMismatch, (aggregate.Selector ?? aggregate.Source).Span, Phrases.ANumber, selected.Display);
                return PolicyType.Error;
            }
        }
    }

    private PolicyType Binary(BinaryExpr binary)
    {
        switch (binary.Op)
        {
            case BinaryOp.And or BinaryOp.Or:
                Condition(binary.Left);
                // 'given(x) and x > 3', 'not given(x) or x > 3': the right side is evaluated only when x is given.
                Given(binary.Left, holds: binary.Op == BinaryOp.And, () => Condition(binary.Right));
                return PolicyType.Bool;
            case BinaryOp.Multiply:
            {
                var (left, right) = (Numeric(binary.Left), Numeric(binary.Right));
                return left is null || right is null ? PolicyType.Error : TypeRules.Multiply(left, right);
            }
            case BinaryOp.Divide:
            {
                var (left, right) = (Numeric(binary.Left), Numeric(binary.Right));
                if (binary.Right is NumberLiteral { Value: 0 } or PercentLiteral { Value: 0 })
                    _diagnostics.Report(DiagnosticCodes.DivisionByZero, binary.Right.Span);
                return left is null || right is null ? PolicyType.Error : TypeRules.Divide(left, right);
            }
            case BinaryOp.Each:
            {
                var (amount, count) = (Numeric(binary.Left), Numeric(binary.Right));
                if (count is not null && (!count.IsDimensionless || count.Kind == NumberKind.Percent))
                    _diagnostics.Report(DiagnosticCodes.TypeMismatch, binary.Right.Span, Bilingual.Same("count"), count.Display);
                return (PolicyType?)amount ?? PolicyType.Error;
            }
            case BinaryOp.Of:
            {
                var (share, whole) = (Numeric(binary.Left), Numeric(binary.Right));
                if (share is not null && (!share.IsDimensionless || share.Kind == NumberKind.Count))
                    _diagnostics.Report(DiagnosticCodes.TypeMismatch, binary.Left.Span, Bilingual.Same("percent"), share.Display);
                return (PolicyType?)whole ?? PolicyType.Error;
            }
            case BinaryOp.Add or BinaryOp.Subtract:
                return AddOrSubtract(binary);
            default:
                return Compare(binary);
        }
    }

    private PolicyType AddOrSubtract(BinaryExpr binary)
    {
        var left = Expr(binary.Left);
        var right = Expr(binary.Right);
        if (left is ErrorType || right is ErrorType) return PolicyType.Error;
        var verb = binary.Op == BinaryOp.Add ? Verbs.Add : Verbs.Subtract;
        if (left is NumericType l && right is NumericType r)
        {
            if (TypeRules.Common(l, r) is { } common) return common;
            _diagnostics.Report(DiagnosticCodes.UnitMismatch, binary.Span, verb, l.Display, r.Display);
            return PolicyType.Error;
        }
        if (left == PolicyType.Date && right is NumericType { Dimension.Duration: 1 }) return PolicyType.Date;
        if (left == PolicyType.Date && right == PolicyType.Date && binary.Op == BinaryOp.Subtract) return PolicyType.Duration;
        _diagnostics.Report(DiagnosticCodes.UnitMismatch, binary.Span, verb, left.Display, right.Display);
        return PolicyType.Error;
    }

    private PolicyType Compare(BinaryExpr binary)
    {
        var ordered = binary.Op is not (BinaryOp.Eq or BinaryOp.Ne);
        if (ordered && binary.Left is BinaryExpr { Op: BinaryOp.Lt or BinaryOp.Le or BinaryOp.Gt or BinaryOp.Ge } inner)
        {
            ChainedComparison(binary, inner);
            return PolicyType.Bool;
        }
        var left = Expr(binary.Left);
        var right = Expr(binary.Right);
        if (left is ErrorType || right is ErrorType) return PolicyType.Bool;
        if (left is NumericType l && right is NumericType r)
        {
            if (TypeRules.Common(l, r) is null) _diagnostics.Report(DiagnosticCodes.UnitMismatch, binary.Span, Verbs.Compare, l.Display, r.Display);
            return PolicyType.Bool;
        }
        if (left != right) _diagnostics.Report(DiagnosticCodes.TypeMismatch, binary.Right.Span, left.Display, right.Display);
        else if (ordered && !IsOrdered(left)) _diagnostics.Report(DiagnosticCodes.NotComparable, binary.Span, left.Display);
        return PolicyType.Bool;
    }

    /// <summary>
    /// <c>60 &lt;= s &lt;= 100</c> reads as a range to a person but compares the true or false of <c>60 &lt;= s</c> with 100:
    /// one error that says so, with the range written as the language writes it.
    /// </summary>
    private void ChainedComparison(BinaryExpr outer, BinaryExpr inner)
    {
        Expr(inner);
        Expr(outer.Right);
        var (low, value, high) = (Text(inner.Left), Text(inner.Right), Text(outer.Right));
        Bilingual hint = (inner.Op, outer.Op) switch
        {
            (BinaryOp.Le, BinaryOp.Le) => new($"write '{value} in {low}..{high}' (both ends included)", $"写成 '{value} in {low}..{high}'（含两端）"),
            (BinaryOp.Ge, BinaryOp.Ge) => new($"write '{value} in {high}..{low}' (both ends included)", $"写成 '{value} in {high}..{low}'（含两端）"),
            _ => new($"join two comparisons with 'and': '{low} {Op(inner.Op)} {value} and {value} {Op(outer.Op)} {high}'",
                $"用 'and' 连接两个比较：'{low} {Op(inner.Op)} {value} and {value} {Op(outer.Op)} {high}'"),
        };
        _diagnostics.Report(DiagnosticCodes.ChainedComparison, outer.Span, Text(outer), Text(inner), hint);
    }

    private static string Op(BinaryOp op) => op switch
    {
        BinaryOp.Lt => "<", BinaryOp.Le => "<=", BinaryOp.Gt => ">", _ => ">=",
    };

    private PolicyType Join(Expr first, Expr second, Bilingual verb)
    {
        var a = Expr(first);
        var b = Expr(second);
        if (a is ErrorType) return b;
        if (b is ErrorType) return a;
        if (a is NumericType x && b is NumericType y)
        {
            if (TypeRules.Common(x, y) is { } common) return common;
            _diagnostics.Report(DiagnosticCodes.UnitMismatch, second.Span, verb, x.Display, y.Display);
            return PolicyType.Error;
        }
        if (a == b) return a;
        _diagnostics.Report(DiagnosticCodes.TypeMismatch, second.Span, a.Display, b.Display);
        return PolicyType.Error;
    }
}
