using Appraisal.Policy.Diagnostics;
using Appraisal.Policy.Syntax;
using Appraisal.Policy.Text;

namespace Appraisal.Policy.Semantics;

/// <summary>
/// Pass 2: declares every name (policy and included libraries), then binds every name in every expression
/// and type to its symbol, and records which rule reads which symbol. Member access on records and
/// scorecards needs types, so TypeCheck binds those.
/// </summary>
public sealed class NameResolution
{
    private static readonly HashSet<string> Functions = new(StringComparer.Ordinal) { "round", "min", "max", "abs", "floor", "ceil", "given" };

    private readonly SemanticModel _model;
    private readonly DiagnosticBag _diagnostics;
    private readonly Dictionary<string, List<Symbol>> _enumMembers = new(StringComparer.Ordinal);
    private readonly List<Dictionary<string, Symbol>> _locals = new();
    private Symbol? _owner;
    private bool _earlierPeriods;

    private NameResolution(SemanticModel model, DiagnosticBag diagnostics)
    {
        _model = model;
        _diagnostics = diagnostics;
    }

    public static void Run(SemanticModel model, DiagnosticBag diagnostics)
    {
        var pass = new NameResolution(model, diagnostics);
        pass.DeclareAll();
        pass.BindAll();
    }

    public static bool IsFunction(string name) => Functions.Contains(name);

    /// <summary>The third argument of <c>round(x, 0.01, half_even)</c> is a rounding mode, not a name.</summary>
    public static bool IsRoundingModeArgument(CallExpr call, int index) =>
        index == 2 && call.Callee.Text == "round" && call.Arguments[index] is NameExpr;

    // -----------------------------------------------------------------------------------------
    // Declaring

    private void DeclareAll()
    {
        foreach (var file in _model.Libraries.Append(_model.File))
        {
            var citation = file.Name?.Text ?? "";
            foreach (var declaration in file.Declarations)
            {
                if (declaration is SourceDecl source) citation = source.Citation;
                _model.Citations[declaration] = citation;
                Declare(declaration);
            }
        }
        foreach (var (name, symbol) in _model.Globals)
        {
            if (_enumMembers.TryGetValue(name, out var members) && symbol.NameNode.Span.Source == _model.File.Source)
                _diagnostics.Report(DiagnosticCodes.NameHidesEnumMember, symbol.NameNode.Span, name, new Bilingual(symbol.KindName, symbol.KindNameZh), members[0].Parent!.Name);
        }
    }

    private void Declare(Declaration declaration)
    {
        switch (declaration)
        {
            case InputDecl input:
                foreach (var field in input.Fields) Global(field.Name, SymbolKind.Input, field);
                break;
            case EnumDecl e:
            {
                var symbol = Global(e.Name, SymbolKind.Enum, e);
                var seen = new HashSet<string>(StringComparer.Ordinal);
                foreach (var member in e.Members)
                {
                    if (!seen.Add(member.Text))
                    {
                        _diagnostics.Report(DiagnosticCodes.DuplicateName, member.Span, member.Text, Where(e.Name));
                        continue;
                    }
                    var memberSymbol = new Symbol(member.Text, SymbolKind.EnumMember, member, symbol);
                    if (!_enumMembers.TryGetValue(member.Text, out var list)) _enumMembers[member.Text] = list = new();
                    list.Add(memberSymbol);
                    _model.SymbolOfDeclaration[member] = memberSymbol;
                }
                break;
            }
            case RecordDecl r: Global(r.Name, SymbolKind.Record, r); break;
            case ParamDecl p: Global(p.Name, SymbolKind.Parameter, p); break;
            case ConstraintDecl c: Global(c.Name, SymbolKind.Constraint, c); break;
            case TableDecl t: Global(t.Name, SymbolKind.Table, t); break;
            case LetDecl l: Global(l.Name, SymbolKind.Definition, l); break;
            case ScorecardDecl s:
            {
                var symbol = Global(s.Name, SymbolKind.Scorecard, s);
                var seen = new Dictionary<string, ScorecardEntry>(StringComparer.Ordinal);
                foreach (var entry in s.Entries)
                {
                    if (seen.TryGetValue(entry.Name.Text, out var first))
                    {
                        _diagnostics.Report(DiagnosticCodes.DuplicateName, entry.Name.Span, entry.Name.Text, Where(first.Name));
                        continue;
                    }
                    seen[entry.Name.Text] = entry;
                    _model.SymbolOfDeclaration[entry] = new Symbol(entry.Name.Text, SymbolKind.ScorecardItem, entry, symbol);
                }
                break;
            }
            case GateDecl g: Global(g.Name, SymbolKind.Gate, g); break;
            case VetoDecl v: Global(v.Name, SymbolKind.Veto, v); break;
            case LevelsDecl l: Global(l.Name, SymbolKind.Levels, l); break;
            case EscalationDecl e: Global(e.Name, SymbolKind.Escalation, e); break;
            case RankDecl r: Global(r.Name, SymbolKind.Rank, r); break;
            case DistributeDecl d: Global(d.Name, SymbolKind.Distribution, d); break;
            case SelectDecl s: Global(s.Name, SymbolKind.Selection, s); break;
            case OutputDecl o: Global(o.Name, SymbolKind.Output, o); break;
        }
    }

    private Symbol Global(Name name, SymbolKind kind, Node declaration)
    {
        var symbol = new Symbol(name.Text, kind, declaration);
        _model.SymbolOfDeclaration[declaration] = symbol;
        if (name.Text.Length == 0) return symbol; // a name the parser could not read; already reported
        var space = kind is SymbolKind.Enum or SymbolKind.Record ? _model.TypeSymbols : _model.Globals;
        if (space.TryGetValue(name.Text, out var existing))
        {
            _diagnostics.Report(DiagnosticCodes.DuplicateName, name.Span, name.Text, Where(existing.NameNode));
            return symbol;
        }
        space[name.Text] = symbol;
        return symbol;
    }

    private static string Where(Name name)
    {
        var (line, column) = name.Span.StartPosition;
        return $"{System.IO.Path.GetFileName(name.Span.File)}({line},{column})";
    }

    // -----------------------------------------------------------------------------------------
    // Binding

    private void BindAll()
    {
        foreach (var declaration in _model.AllDeclarations)
        {
            _owner = _model.SymbolOfDeclaration.GetValueOrDefault(declaration);
            Bind(declaration);
            _owner = null;
        }
    }

    private void Bind(Declaration declaration)
    {
        switch (declaration)
        {
            case InputDecl input:
                foreach (var field in input.Fields)
                {
                    _owner = _model.SymbolOfDeclaration.GetValueOrDefault(field);
                    Field(field);
                }
                break;
            case RecordDecl r:
                foreach (var field in r.Fields) Field(field);
                break;
            case ParamDecl p:
                Field(p.Field);
                foreach (var value in p.DatedValues) Expr(value.Value);
                break;
            case ConstraintDecl c:
                Expr(c.Condition);
                break;
            case TableDecl t:
                foreach (var column in t.Columns) Field(column);
                Type(t.Result);
                var scope = Push();
                foreach (var column in t.Columns)
                {
                    var local = new Symbol(column.Name.Text, SymbolKind.Local, column);
                    _model.SymbolOfDeclaration[column] = local;
                    if (column.Name.Text.Length > 0) scope[column.Name.Text] = local;
                }
                for (var i = 0; i < t.Rows.Length; i++)
                {
                    var row = t.Rows[i];
                    for (var c = 0; c < row.Cells.Length; c++)
                    {
                        var enumType = c < t.Columns.Length ? EnumOf(t.Columns[c].Type) : null;
                        if (row.Cells[c] is TestCell cell)
                        {
                            foreach (var test in cell.Tests) UnaryTest(test, enumType);
                        }
                    }
                    Expr(row.Result);
                }
                Pop();
                break;
            case LetDecl l:
                if (l.Type is not null) Type(l.Type);
                Expr(l.Value);
                Unless(l.Exceptions);
                break;
            case ScorecardDecl s:
                Expr(s.Total);
                Optional(s.Floor);
                foreach (var entry in s.Entries)
                {
                    Optional(entry.Weight);
                    Optional(entry.Max);
                    Expr(entry.Value);
                    Optional(entry.Floor);
                    Optional(entry.Cap);
                }
                break;
            case GateDecl g:
                foreach (var condition in g.Conditions) Expr(condition.Test);
                break;
            case VetoDecl v:
                Expr(v.When);
                foreach (var assignment in v.Overrides)
                {
                    if (Lookup(assignment.Target.Text) is { } target)
                    {
                        _model.References[assignment] = target;
                        // An output a veto sets reads the veto (whether it fired): so a veto whose condition reads
                        // that output is a cycle, reported by CycleCheck.
                        if (target.Kind == SymbolKind.Output && _owner is not null) DependsOn(target, _owner);
                    }
                    else if (assignment.Target.Text.Length > 0)
                        _diagnostics.Report(DiagnosticCodes.UndefinedName, assignment.Target.Span, assignment.Target.Text);
                    Expr(assignment.Value);
                }
                break;
            case LevelsDecl l:
            {
                Type(l.Type);
                Optional(l.Current);
                Optional(l.Step);
                var enumType = EnumOf(l.Type);
                foreach (var level in l.Levels)
                {
                    if (enumType is not null && Member(enumType, level.Name.Text) is { } member) _model.References[level] = member;
                    foreach (var requirement in level.Requirements) Expr(requirement.Test);
                }
                break;
            }
            case EscalationDecl e:
                Type(e.Type);
                Expr(e.Start);
                Expr(e.Step);
                Optional(e.Cap);
                _earlierPeriods = true;
                Expr(e.StepWhen);
                Optional(e.ResetWhen);
                _earlierPeriods = false;
                break;
            case RankDecl r:
                Expr(r.By);
                break;
            case DistributeDecl d:
            {
                Type(d.Type);
                Expr(d.By);
                var enumType = EnumOf(d.Type);
                foreach (var share in d.Shares)
                {
                    if (enumType is not null && Member(enumType, share.Value.Text) is { } member) _model.References[share] = member;
                }
                break;
            }
            case SelectDecl s:
                Expr(s.By);
                Optional(s.Where);
                break;
            case OutputDecl o:
                Type(o.Type);
                if (o.Round is not null) Expr(o.Round.Precision);
                Expr(o.Value);
                Unless(o.Exceptions);
                break;
            case TestDecl t:
                _owner = null;
                foreach (var clause in t.Clauses)
                {
                    switch (clause)
                    {
                        case TestGiven g: TestValues(g.Facts); break;
                        case TestExpect e: TestValues(e.Outputs); break;
                        case TestHistory h: TestValues(h.Outputs); break;
                        case TestViolated v when _model.Globals.TryGetValue(v.Constraint.Text, out var constraint):
                            _model.References[v] = constraint;
                            _model.Used.Add(constraint);
                            break;
                    }
                }
                break;
        }
    }

    /// <summary>Field names in a test record name inputs or outputs (TestCheck checks them); values are bound.</summary>
    private void TestValues(RecordExpr record)
    {
        foreach (var field in record.Fields) TestValue(field.Value);
    }

    private void TestValue(Expr value)
    {
        switch (value)
        {
            case RecordExpr nested: TestValues(nested); break;
            case ListExpr list: foreach (var item in list.Items) TestValue(item); break;
            default: Expr(value); break;
        }
    }

    private void Field(FieldDecl field)
    {
        Type(field.Type);
        if (field.Range is not null)
        {
            Expr(field.Range.Low);
            Expr(field.Range.High);
        }
        Optional(field.Default);
    }

    private void Unless(IEnumerable<UnlessClause> clauses)
    {
        foreach (var clause in clauses)
        {
            Expr(clause.Condition);
            Expr(clause.Value);
        }
    }

    private void UnaryTest(UnaryTest test, Symbol? columnEnum)
    {
        switch (test)
        {
            case EqualTest { Value: NameExpr name } when columnEnum is not null && Member(columnEnum, name.Name.Text) is { } member:
                _model.References[name] = member;
                _model.Used.Add(member);
                break;
            case EqualTest e: Expr(e.Value); break;
            case CompareTest c: Expr(c.Value); break;
            case RangeTest r:
                Expr(r.Low);
                Expr(r.High);
                break;
        }
    }

    private void Optional(Expr? expr)
    {
        if (expr is not null) Expr(expr);
    }

    private void Expr(Expr expr)
    {
        switch (expr)
        {
            case NameExpr n:
                Name(n);
                break;
            case MemberExpr m:
                // ENUM.member is resolved here; record fields and scorecard members need types (TypeCheck).
                if (m.Target is NameExpr { Name.Text: var enumName } target && _model.TypeSymbols.TryGetValue(enumName, out var symbol)
                    && symbol.Kind == SymbolKind.Enum && LocalLookup(enumName) is null
                    && (!_model.Globals.ContainsKey(enumName) || Member(symbol, m.Member.Text) is not null))
                {
                    _model.References[target] = symbol;
                    if (Member(symbol, m.Member.Text) is { } member)
                    {
                        _model.References[m] = member;
                        _model.Used.Add(member);
                    }
                    else
                    {
                        var names = ((EnumDecl)symbol.Declaration).Members.Select(x => x.Text).ToList();
                        _diagnostics.ReportFixable(DiagnosticCodes.UnknownMember, m.Member.Span,
                            DiagnosticFix.ChangeTo(m.Member.Span, Suggestions.Closest(m.Member.Text, names)),
                            enumName, m.Member.Text, string.Join(", ", names));
                    }
                    break;
                }
                Expr(m.Target);
                break;
            case CallExpr c:
                if (Lookup(c.Callee.Text) is { Kind: SymbolKind.Table } table)
                {
                    _model.References[c] = table;
                    Use(table);
                }
                else if (!Functions.Contains(c.Callee.Text) && c.Callee.Text.Length > 0)
                {
                    var tables = _model.Globals.Values.Where(g => g.Kind == SymbolKind.Table).Select(g => g.Name);
                    if (Suggest(c.Callee.Text, tables.Concat(Functions)) is { } close)
                        _diagnostics.ReportFixable(DiagnosticCodes.UnknownFunctionSuggesting, c.Callee.Span,
                            DiagnosticFix.ChangeTo(c.Callee.Span, close.Names), c.Callee.Text, close.Hint);
                    else
                        _diagnostics.Report(DiagnosticCodes.UnknownFunction, c.Callee.Span, c.Callee.Text);
                }
                for (var i = 0; i < c.Arguments.Length; i++)
                {
                    if (IsRoundingModeArgument(c, i)) continue; // a rounding mode word, checked by TypeCheck
                    Expr(c.Arguments[i]);
                }
                break;
            case AggregateExpr a:
            {
                Expr(a.Source);
                var scope = Push();
                var local = new Symbol(a.Variable.Text, SymbolKind.Local, a);
                scope[a.Variable.Text] = local;
                _model.SymbolOfDeclaration[a] = local;
                Optional(a.Where);
                Optional(a.Selector);
                Pop();
                break;
            }
            case UnaryExpr u: Expr(u.Operand); break;
            case BinaryExpr b:
                Expr(b.Left);
                Expr(b.Right);
                break;
            case InRangeExpr r:
                Expr(r.Value);
                Expr(r.Low);
                Expr(r.High);
                break;
            case IfExpr i:
                Expr(i.Condition);
                Expr(i.Then);
                Expr(i.Else);
                break;
            case RecordExpr r:
                foreach (var field in r.Fields) Expr(field.Value);
                break;
            case ListExpr l:
                foreach (var item in l.Items) Expr(item);
                break;
        }
    }

    private void Name(NameExpr n)
    {
        var text = n.Name.Text;
        if (text.Length == 0) return;
        if (_earlierPeriods && LocalLookup(text) is null)
        {
            // Conditions of an escalation read the outputs of earlier periods: no dependency on this period.
            if (_model.Globals.TryGetValue(text, out var output) && output.Kind == SymbolKind.Output)
            {
                _model.References[n] = output;
                _model.Used.Add(output);
                return;
            }
        }
        var symbol = Lookup(text);
        if (symbol is not null)
        {
            _model.References[n] = symbol;
            Use(symbol);
            return;
        }
        if (_enumMembers.TryGetValue(text, out var members))
        {
            if (members.Count == 1)
            {
                _model.References[n] = members[0];
                _model.Used.Add(members[0]);
                return;
            }
            // No fix: which enum is meant depends on the type the value is compared with, unknown before TypeCheck.
            _diagnostics.Report(DiagnosticCodes.AmbiguousEnumMember, n.Span, text, string.Join(", ", members.Select(m => m.Parent!.Name)));
            return;
        }
        if (Suggest(text, ValueNames()) is { } close)
            _diagnostics.ReportFixable(DiagnosticCodes.UndefinedNameSuggesting, n.Span, DiagnosticFix.ChangeTo(n.Span, close.Names), text, close.Hint);
        else _diagnostics.Report(DiagnosticCodes.UndefinedName, n.Span, text);
    }

    /// <summary>The closest of <paramref name="candidates"/> to a name not found, as a hint argument; null when none is close.</summary>
    private static Suggestion? Suggest(string name, IEnumerable<string> candidates) =>
        Suggestions.Closest(name, candidates) is { Count: > 0 } close
            ? new Suggestion(new Bilingual(Suggestions.Join(close, false), Suggestions.Join(close, true)), close)
            : null;

    /// <summary>A "did you mean": the hint argument, and the names it offers (each a fix replacing the name written).</summary>
    private sealed record Suggestion(Bilingual Hint, IReadOnlyList<string> Names);

    /// <summary>The names a value can be read by here: locals in scope, declarations that have a value, enum values.</summary>
    private IEnumerable<string> ValueNames() =>
        _locals.SelectMany(scope => scope.Keys)
            .Concat(_model.Globals.Values.Where(g => g.Kind is not (SymbolKind.Table or SymbolKind.Enum or SymbolKind.Record or SymbolKind.Constraint))
                .Select(g => g.Name))
            .Concat(_enumMembers.Keys);

    private void Use(Symbol symbol)
    {
        _model.Used.Add(symbol);
        if (_owner is null || symbol.Kind == SymbolKind.Local) return;
        DependsOn(_owner, symbol);
    }

    private void DependsOn(Symbol owner, Symbol symbol)
    {
        if (!_model.Dependencies.TryGetValue(owner, out var set)) _model.Dependencies[owner] = set = new();
        set.Add(symbol);
    }

    private void Type(TypeRef type)
    {
        switch (type)
        {
            case ListTypeRef list:
                Type(list.Element);
                break;
            case RatioTypeRef ratio:
                Type(ratio.Numerator);
                Type(ratio.Denominator);
                break;
            case NamedTypeRef named:
                var text = named.Name.Text;
                if (text.Length == 0 || PolicyType.BuiltIn.ContainsKey(text)) return;
                if (_model.TypeSymbols.TryGetValue(text, out var symbol))
                {
                    _model.References[named] = symbol;
                    _model.Used.Add(symbol);
                    return;
                }
                if (Suggest(text, PolicyType.BuiltIn.Keys.Concat(_model.TypeSymbols.Keys)) is { } close)
                    _diagnostics.ReportFixable(DiagnosticCodes.UnknownTypeSuggesting, named.Span, DiagnosticFix.ChangeTo(named.Span, close.Names), text, close.Hint);
                else
                    _diagnostics.Report(DiagnosticCodes.UnknownType, named.Span, text);
                break;
        }
    }

    private Symbol? EnumOf(TypeRef type) =>
        type is NamedTypeRef named && _model.TypeSymbols.TryGetValue(named.Name.Text, out var symbol) && symbol.Kind == SymbolKind.Enum
            ? symbol : null;

    private Symbol? Member(Symbol enumSymbol, string name) =>
        _enumMembers.TryGetValue(name, out var members) ? members.FirstOrDefault(m => m.Parent == enumSymbol) : null;

    private Symbol? Lookup(string name) => LocalLookup(name) ?? _model.Globals.GetValueOrDefault(name);

    private Symbol? LocalLookup(string name)
    {
        for (var i = _locals.Count - 1; i >= 0; i--)
        {
            if (_locals[i].TryGetValue(name, out var symbol)) return symbol;
        }
        return null;
    }

    private Dictionary<string, Symbol> Push()
    {
        var scope = new Dictionary<string, Symbol>(StringComparer.Ordinal);
        _locals.Add(scope);
        return scope;
    }

    private void Pop() => _locals.RemoveAt(_locals.Count - 1);
}
