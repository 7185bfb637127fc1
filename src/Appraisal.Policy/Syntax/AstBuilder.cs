using System.Collections.Immutable;
using System.Globalization;
using Antlr4.Runtime;
using Antlr4.Runtime.Tree;
using Appraisal.Policy.Diagnostics;
using Appraisal.Policy.Syntax.Generated;
using Appraisal.Policy.Text;
using P = Appraisal.Policy.Syntax.Generated.PolicyParser;

namespace Appraisal.Policy.Syntax;

/// <summary>
/// Turns an ANTLR parse tree into immutable AST records. It resolves no names. A parse tree with
/// syntax errors has missing pieces; they become <see cref="ErrorExpr"/> and empty names, already reported.
/// Malformed literals (a date that does not exist, a number too large) are reported here.
/// </summary>
public sealed class AstBuilder
{
    private readonly SourceText _source;
    private readonly DiagnosticBag _diagnostics;
    private int _depth; // expressions being built, outermost first; see Parser.MaxNesting
    private bool _tooDeepReported; // in the current declaration: one report is enough

    internal AstBuilder(SourceText source, DiagnosticBag diagnostics)
    {
        _source = source;
        _diagnostics = diagnostics;
    }

    public static PolicyFile Build(SourceText source, P.FileContext tree, ImmutableArray<Comment> comments, DiagnosticBag diagnostics)
    {
        var builder = new AstBuilder(source, diagnostics);
        var header = builder.Header(tree.header());
        var declarations = ImmutableArray.CreateBuilder<Declaration>();
        foreach (var declaration in tree.declaration())
        {
            if (builder.Declaration(declaration) is { } built) declarations.Add(built);
        }
        return builder.File(header, declarations.ToImmutable(), comments);
    }

    /// <summary>What the header says; no header is a policy without a name.</summary>
    internal readonly record struct FileHeader(FileKind Kind, Name? Name, string? Version, Name? Period, DateOnly? Effective);

    internal PolicyFile File(FileHeader header, ImmutableArray<Declaration> declarations, ImmutableArray<Comment> comments) =>
        new(_source, header.Kind, header.Name, header.Version, header.Period, header.Effective, declarations, comments,
            new TextSpan(_source, 0, _source.Text.Length));

    internal FileHeader Header(P.HeaderContext? ctx)
    {
        var kind = FileKind.Policy;
        Name? name = null;
        string? version = null;
        Name? period = null;
        DateOnly? effective = null;
        switch (ctx)
        {
            case P.PolicyHeaderContext h:
                name = NameOf(h.name(), h);
                foreach (var clause in h.headerClause())
                {
                    switch (clause)
                    {
                        case P.VersionClauseContext v when v.NUMBER() is { } n:
                            version = Once(version, n.GetText(), "version", v);
                            break;
                        case P.VersionClauseContext v when v.STRING() is { } s:
                            version = Once(version, Unquote(s), "version", v);
                            break;
                        case P.PeriodClauseContext p when p.name() is { } pn:
                            if (period is not null) _diagnostics.Report(DiagnosticCodes.DuplicateClause, Span(p), new Bilingual("period", "考核期"));
                            period = NameOf(pn, p);
                            break;
                        case P.EffectiveClauseContext e when e.DATE() is { } d:
                            if (effective is not null) _diagnostics.Report(DiagnosticCodes.DuplicateClause, Span(e), "effective");
                            effective = ParseDate(d);
                            break;
                    }
                }
                break;
            case P.LibraryHeaderContext l:
                kind = FileKind.Library;
                name = NameOf(l.name(), l);
                break;
        }
        return new FileHeader(kind, name, version, period, effective);
    }

    private string Once(string? current, string value, string clause, ParserRuleContext ctx)
    {
        if (current is not null) _diagnostics.Report(DiagnosticCodes.DuplicateClause, Span(ctx), clause);
        return value;
    }

    // -----------------------------------------------------------------------------------------
    // Declarations

    internal Declaration? Declaration(P.DeclarationContext ctx)
    {
        _tooDeepReported = false;
        var span = Span(ctx);
        switch (ctx)
        {
            case P.IncludeDeclContext c:
                return new IncludeDecl(c.STRING() is { } s ? Unquote(s) : "", span);
            case P.SourceDeclContext c:
                return new SourceDecl(c.STRING() is { } citation ? Unquote(citation) : "", span);
            case P.EnumDeclContext c:
            {
                var names = c.name();
                return new EnumDecl(NameOf(names.FirstOrDefault(), c), names.Skip(1).Select(n => NameOf(n, c)).ToImmutableArray(), span);
            }
            case P.RecordDeclContext c:
                return new RecordDecl(NameOf(c.name(), c), c.field().Select(Field).ToImmutableArray(), span);
            case P.InputDeclContext c:
                return new InputDecl(c.field().Select(Field).ToImmutableArray(), span);
            case P.ParamDeclContext c:
            {
                var field = c.field() is { } f ? Field(f) : MissingField(c);
                var dated = ImmutableArray.CreateBuilder<DatedValue>();
                if (c.paramValues() is { } values)
                {
                    var dates = values.DATE();
                    var exprs = values.expr();
                    for (var i = 0; i < Math.Min(dates.Length, exprs.Length); i++)
                    {
                        dated.Add(new DatedValue(ParseDate(dates[i]) ?? DateOnly.MinValue, Expr(exprs[i]),
                            new TextSpan(_source, dates[i].Symbol.StartIndex, Span(exprs[i]).End)));
                    }
                }
                return new ParamDecl(field, dated.ToImmutable(), span);
            }
            case P.ConstraintDeclContext c:
                return new ConstraintDecl(NameOf(c.name(), c), Expr(c.expr()), OptionalString(c.STRING()), span);
            case P.TableDeclContext c:
                return Table(c, span);
            case P.LetDeclContext c:
                return new LetDecl(NameOf(c.name(), c), c.typeRef() is { } t ? Type(t) : null, Expr(c.expr()),
                    c.unlessClause().Select(Unless).ToImmutableArray(), span);
            case P.ScorecardDeclContext c:
                return new ScorecardDecl(NameOf(c.name(), c), Expr(c.expr()),
                    c.scorecardBound().OfType<P.ScorecardFloorContext>().Select(b => Expr(b.expr())).LastOrDefault(),
                    c.scorecardEntry().Select(Entry).ToImmutableArray(), span);
            case P.GateDeclContext c:
            {
                var otherwise = OptionalString(c.STRING());
                if (c.quantifier() is { } q)
                {
                    var kind = q.ALL() is not null ? GateKind.All : GateKind.Any;
                    return new GateDecl(NameOf(c.name(), c), kind, c.condition().Select(Condition).ToImmutableArray(), otherwise, span);
                }
                var test = Expr(c.expr());
                return new GateDecl(NameOf(c.name(), c), GateKind.Single,
                    ImmutableArray.Create(new Condition(null, test, null, test.Span)), otherwise, span);
            }
            case P.VetoDeclContext c:
                return new VetoDecl(NameOf(c.name(), c), Expr(c.expr()),
                    c.assignment().Select(a => new Assignment(NameOf(a.name(), a), Expr(a.expr()), Span(a))).ToImmutableArray(),
                    OptionalString(c.STRING()), span);
            case P.LevelsDeclContext c:
            {
                var exprs = c.expr();
                var index = 0;
                var current = c.FROM() is not null && index < exprs.Length ? Expr(exprs[index++]) : null;
                var step = c.STEP() is not null && index < exprs.Length ? Expr(exprs[index]) : null;
                return new LevelsDecl(NameOf(c.name(), c), TypeOrMissing(c.typeRef(), c), current, step,
                    c.level().Select(l => new LevelDef(NameOf(l.name(), l), l.condition().Select(Condition).ToImmutableArray(), Span(l)))
                        .ToImmutableArray(), span);
            }
            case P.EscalationDeclContext c:
                return Escalation(c, span);
            case P.RankDeclContext c:
                return new RankDecl(NameOf(c.name(), c), Expr(c.expr()), Direction(c.direction()), c.direction() is not null, span);
            case P.DistributeDeclContext c:
                return new DistributeDecl(NameOf(c.name(), c), TypeOrMissing(c.typeRef(), c), Expr(c.expr()),
                    Direction(c.direction()), c.direction() is not null,
                    c.share().Select(s => new Share(NameOf(s.name(), s), ParseDecimal(s.NUMBER()) ?? 0m, Span(s))).ToImmutableArray(),
                    c.tieRule()?.LOWER() is not null ? TieRule.Lower : TieRule.Higher, span);
            case P.SelectDeclContext c:
            {
                var exprs = c.expr();
                return new SelectDecl(NameOf(c.name(), c), Expr(exprs.ElementAtOrDefault(0)),
                    c.extreme()?.LOWEST() is not null ? Extreme.Lowest : Extreme.Highest,
                    c.WHERE() is not null && exprs.Length > 1 ? Expr(exprs[1]) : null, span);
            }
            case P.OutputDeclContext c:
                return new OutputDecl(NameOf(c.name(), c), TypeOrMissing(c.typeRef(), c),
                    c.roundClause() is { } r ? new RoundSpec(Expr(r.expr()), r.name() is { } m ? NameOf(m, r) : null, Span(r)) : null,
                    Expr(c.expr()), c.unlessClause().Select(Unless).ToImmutableArray(), span);
            case P.TestDeclContext c:
                return new TestDecl(OptionalString(c.STRING()) ?? "", c.testClause().Select(TestClause).OfType<TestClause>().ToImmutableArray(), span);
            default:
                return null; // a declaration the parser could not recognise; already reported
        }
    }

    private TableDecl Table(P.TableDeclContext c, TextSpan span)
    {
        var (policy, written) = c.hitPolicy() switch
        {
            P.FirstHitContext => (HitPolicy.First, true),
            P.CollectSumHitContext => (HitPolicy.CollectSum, true),
            P.UniqueHitContext => (HitPolicy.Unique, true),
            _ => (HitPolicy.Unique, false),
        };
        var rows = c.tableRow().Select(row => row switch
        {
            P.RuleRowContext r => new TableRow(r.cell().Select(Cell).ToImmutableArray(), false, Expr(r.expr()), Span(r)),
            P.ElseRowContext e => new TableRow(ImmutableArray<Cell>.Empty, true, Expr(e.expr()), Span(e)),
            _ => new TableRow(ImmutableArray<Cell>.Empty, false, new ErrorExpr(Span(row)), Span(row)),
        }).ToImmutableArray();
        return new TableDecl(NameOf(c.name(), c), c.field().Select(Field).ToImmutableArray(), TypeOrMissing(c.typeRef(), c),
            policy, written, rows, span);
    }

    private Cell Cell(P.CellContext ctx) => ctx switch
    {
        P.TestCellContext t => new TestCell(t.test().Select(UnaryTest).ToImmutableArray(), Span(t)),
        _ => new AnyCell(Span(ctx)),
    };

    private UnaryTest UnaryTest(P.TestContext ctx) => ctx switch
    {
        P.CompareTestContext c => new CompareTest(CompareOperator(c.compareOp()), Expr(c.expr()), Span(c)),
        P.RangeTestContext r => new RangeTest(Expr(r.expr().ElementAtOrDefault(0)), Expr(r.expr().ElementAtOrDefault(1)),
            r.open is not null, Span(r)),
        P.EqualTestContext e => new EqualTest(Expr(e.expr()), Span(e)),
        _ => new EqualTest(new ErrorExpr(Span(ctx)), Span(ctx)),
    };

    private ScorecardEntry Entry(P.ScorecardEntryContext ctx)
    {
        switch (ctx)
        {
            case P.ItemEntryContext i:
            {
                var exprs = i.expr();
                var index = 0;
                var weight = i.WEIGHT() is not null && index < exprs.Length ? Expr(exprs[index++]) : null;
                var max = index < exprs.Length ? Expr(exprs[index++]) : null;
                var value = Expr(exprs.ElementAtOrDefault(index));
                var (floor, cap) = Bounds(i.bound());
                return new ScorecardEntry(EntryKind.Item, NameOf(i.name(), i), weight, max, value, floor, cap, Span(i));
            }
            case P.DeductEntryContext d:
            {
                var (floor, cap) = Bounds(d.bound());
                return new ScorecardEntry(EntryKind.Deduct, NameOf(d.name(), d), null, null, Expr(d.expr()), floor, cap, Span(d));
            }
            case P.AddEntryContext a:
            {
                var (floor, cap) = Bounds(a.bound());
                return new ScorecardEntry(EntryKind.Add, NameOf(a.name(), a), null, null, Expr(a.expr()), floor, cap, Span(a));
            }
            default:
                return new ScorecardEntry(EntryKind.Item, Missing(ctx), null, null, new ErrorExpr(Span(ctx)), null, null, Span(ctx));
        }
    }

    private (Expr? Floor, Expr? Cap) Bounds(P.BoundContext[] bounds)
    {
        Expr? floor = null, cap = null;
        foreach (var bound in bounds)
        {
            switch (bound)
            {
                case P.FloorBoundContext f:
                    if (floor is not null) _diagnostics.Report(DiagnosticCodes.DuplicateClause, Span(f), "floor");
                    floor = Expr(f.expr());
                    break;
                case P.CapBoundContext c:
                    if (cap is not null) _diagnostics.Report(DiagnosticCodes.DuplicateClause, Span(c), "cap");
                    cap = Expr(c.expr());
                    break;
            }
        }
        return (floor, cap);
    }

    private EscalationDecl Escalation(P.EscalationDeclContext c, TextSpan span)
    {
        Expr? start = null, step = null, stepWhen = null, cap = null, resetWhen = null;
        foreach (var clause in c.escalationClause())
        {
            switch (clause)
            {
                case P.StartClauseContext s:
                    if (start is not null) _diagnostics.Report(DiagnosticCodes.DuplicateClause, Span(s), "start");
                    start = Expr(s.expr());
                    break;
                case P.StepClauseContext s:
                    if (step is not null) _diagnostics.Report(DiagnosticCodes.DuplicateClause, Span(s), "step");
                    step = Expr(s.expr().ElementAtOrDefault(0));
                    stepWhen = Expr(s.expr().ElementAtOrDefault(1));
                    break;
                case P.CapClauseContext k:
                    if (cap is not null) _diagnostics.Report(DiagnosticCodes.DuplicateClause, Span(k), "cap");
                    cap = Expr(k.expr());
                    break;
                case P.ResetClauseContext r:
                    if (resetWhen is not null) _diagnostics.Report(DiagnosticCodes.DuplicateClause, Span(r), "reset");
                    resetWhen = Expr(r.expr());
                    break;
            }
        }
        var name = NameOf(c.name(), c);
        if (start is null) _diagnostics.Report(DiagnosticCodes.MissingClause, name.Span, name.Text, "start");
        if (step is null) _diagnostics.Report(DiagnosticCodes.MissingClause, name.Span, name.Text, "step … when …");
        return new EscalationDecl(name, TypeOrMissing(c.typeRef(), c), start ?? new ErrorExpr(name.Span),
            step ?? new ErrorExpr(name.Span), stepWhen ?? new ErrorExpr(name.Span), cap, resetWhen, span);
    }

    private TestClause? TestClause(P.TestClauseContext ctx)
    {
        var span = Span(ctx);
        return ctx switch
        {
            P.TestPeriodContext p when p.periodLiteral() is { } l => new TestPeriod(Period(l), span),
            P.TestHistoryContext h when h.periodLiteral() is { } l => new TestHistory(Period(l), Record(h.recordLiteral()), span),
            P.TestGivenContext g => new TestGiven(OptionalString(g.STRING()), Record(g.recordLiteral()), span),
            P.TestExpectContext e => new TestExpect(OptionalString(e.STRING()), Record(e.recordLiteral()), span),
            P.TestViolatedContext v => new TestViolated(OptionalString(v.STRING()), NameOf(v.name(), v), span),
            _ => null,
        };
    }

    private PeriodLiteral Period(P.PeriodLiteralContext ctx)
    {
        var token = ctx.PERIOD_LIT() ?? ctx.NUMBER();
        return token is null ? new PeriodLiteral(PeriodKind.Year, 1, 1, "", Span(ctx)) : ParsePeriod(token);
    }

    private FieldDecl Field(P.FieldContext ctx)
    {
        var exprs = ctx.expr();
        var index = 0;
        RangeSpec? range = null;
        if (ctx.IN() is not null && exprs.Length >= 2)
        {
            range = new RangeSpec(Expr(exprs[0]), Expr(exprs[1]));
            index = 2;
        }
        var defaultValue = index < exprs.Length ? Expr(exprs[index]) : null;
        return new FieldDecl(NameOf(ctx.name(), ctx), TypeOrMissing(ctx.typeRef(), ctx), range, defaultValue,
            OptionalString(ctx.STRING()), Span(ctx), IsOptional: ctx.OPTIONAL() is not null);
    }

    private FieldDecl MissingField(ParserRuleContext ctx) =>
        new(Missing(ctx), new NamedTypeRef(Missing(ctx), Span(ctx)), null, null, null, Span(ctx));

    private Condition Condition(P.ConditionContext ctx) =>
        new(ctx.name() is { } n ? NameOf(n, ctx) : null, Expr(ctx.expr()), OptionalString(ctx.STRING()), Span(ctx));

    private UnlessClause Unless(P.UnlessClauseContext ctx) =>
        new(Expr(ctx.expr().ElementAtOrDefault(0)), Expr(ctx.expr().ElementAtOrDefault(1)), Span(ctx));

    private TypeRef TypeOrMissing(P.TypeRefContext? ctx, ParserRuleContext owner) =>
        ctx is null ? new NamedTypeRef(Missing(owner), Span(owner)) : Type(ctx);

    private TypeRef Type(P.TypeRefContext ctx) => ctx switch
    {
        P.ListTypeContext l => new ListTypeRef(TypeOrMissing(l.typeRef(), l), Span(l)),
        P.PeriodTypeContext p => new NamedTypeRef(new Name("period", Span(p)), Span(p)),
        P.CountTypeContext c => new NamedTypeRef(new Name("count", Span(c)), Span(c)),
        P.RatioTypeContext r => new RatioTypeRef(UnitType(r.unitName(0), r), UnitType(r.unitName(1), r), Span(r)),
        P.NamedTypeContext n => new NamedTypeRef(NameOf(n.name(), n), Span(n)),
        _ => new NamedTypeRef(Missing(ctx), Span(ctx)),
    };

    private NamedTypeRef UnitType(P.UnitNameContext? unit, ParserRuleContext owner)
    {
        var named = unit?.COUNT() is { } count ? new Name("count", Span(count)) : NameOf(unit?.name(), owner);
        return new NamedTypeRef(named, named.Span);
    }

    private static SortDirection Direction(P.DirectionContext? ctx) =>
        ctx?.ASC() is not null ? SortDirection.Ascending : SortDirection.Descending;

    // -----------------------------------------------------------------------------------------
    // Expressions

    /// <summary>
    /// Builds an expression no deeper than <see cref="Parser.MaxNesting"/>. The parser limits nesting, but a
    /// chain of left-associative operators (<c>1 + 1 + … + 1</c>) parses flat and makes a deep tree; its
    /// too-deep part is reported here and becomes an <see cref="ErrorExpr"/>, so later passes can recurse safely.
    /// </summary>
    private Expr Expr(P.ExprContext? ctx)
    {
        if (ctx is null) return new ErrorExpr(new TextSpan(_source, _source.Text.Length, _source.Text.Length));
        if (_depth >= Parser.MaxNesting || !System.Runtime.CompilerServices.RuntimeHelpers.TryEnsureSufficientExecutionStack())
        {
            var span = Span(ctx);
            if (!_tooDeepReported) _diagnostics.Report(DiagnosticCodes.NestingTooDeep, span, Parser.MaxNesting);
            _tooDeepReported = true;
            return new ErrorExpr(span);
        }
        _depth++;
        var expr = BuildExpr(ctx);
        _depth--;
        return expr;
    }

    private Expr BuildExpr(P.ExprContext ctx)
    {
        var span = Span(ctx);
        switch (ctx)
        {
            case P.PrimaryExprContext p:
                return Primary(p.primary(), span);
            case P.MemberExprContext m:
                return new MemberExpr(Expr(m.expr()), m.memberName() is { } mn ? new Name(mn.GetText(), Span(mn)) : Missing(m), span);
            case P.NegateExprContext n:
                return new UnaryExpr(UnaryOp.Negate, Expr(n.expr()), span);
            case P.NotExprContext n:
                return new UnaryExpr(UnaryOp.Not, Expr(n.expr()), span);
            case P.MultiplyExprContext m:
                return Binary(m.op?.Type == PolicyLexer.SLASH ? BinaryOp.Divide : BinaryOp.Multiply, m.expr(), span);
            case P.EachExprContext e:
                return Binary(BinaryOp.Each, e.expr(), span);
            case P.OfExprContext o:
                return Binary(BinaryOp.Of, o.expr(), span);
            case P.AddExprContext a:
                return Binary(a.op?.Text == "-" ? BinaryOp.Subtract : BinaryOp.Add, a.expr(), span);
            case P.InRangeExprContext r:
                return new InRangeExpr(Expr(r.expr().ElementAtOrDefault(0)), Expr(r.expr().ElementAtOrDefault(1)),
                    Expr(r.expr().ElementAtOrDefault(2)), span);
            case P.CompareExprContext c:
            {
                var op = CompareOperator(c.compareOp()) switch
                {
                    CompareOp.Lt => BinaryOp.Lt, CompareOp.Le => BinaryOp.Le, CompareOp.Gt => BinaryOp.Gt,
                    CompareOp.Ge => BinaryOp.Ge, CompareOp.Ne => BinaryOp.Ne, _ => BinaryOp.Eq,
                };
                return Binary(op, c.expr(), span);
            }
            case P.AndExprContext a:
                return Binary(BinaryOp.And, a.expr(), span);
            case P.OrExprContext o:
                return Binary(BinaryOp.Or, o.expr(), span);
            case P.IfExprContext i:
                return new IfExpr(Expr(i.expr().ElementAtOrDefault(0)), Expr(i.expr().ElementAtOrDefault(1)),
                    Expr(i.expr().ElementAtOrDefault(2)), span);
            default:
                return new ErrorExpr(span);
        }
    }

    private BinaryExpr Binary(BinaryOp op, P.ExprContext[] operands, TextSpan span) =>
        new(op, Expr(operands.ElementAtOrDefault(0)), Expr(operands.ElementAtOrDefault(1)), span);

    private Expr Primary(P.PrimaryContext? ctx, TextSpan span)
    {
        switch (ctx)
        {
            case P.LiteralPrimaryContext l:
                return Literal(l.literal(), span);
            case P.AggregatePrimaryContext a:
            {
                var kind = a.aggregate() switch
                {
                    { } g when g.SUM() is not null => AggregateKind.Sum,
                    { } g when g.COUNT() is not null => AggregateKind.Count,
                    { } g when g.MIN() is not null => AggregateKind.Min,
                    { } g when g.MAX() is not null => AggregateKind.Max,
                    { } g when g.ANY() is not null => AggregateKind.Any,
                    { } g when g.EACH() is not null => AggregateKind.Each,
                    _ => AggregateKind.All,
                };
                var exprs = a.expr();
                var index = 1;
                var where = a.WHERE() is not null && index < exprs.Length ? Expr(exprs[index++]) : null;
                var selector = index < exprs.Length ? Expr(exprs[index]) : null;
                return new AggregateExpr(kind, NameOf(a.name(), a), Expr(exprs.ElementAtOrDefault(0)), where, selector, span);
            }
            case P.CallPrimaryContext c:
                return new CallExpr(c.callee() is { } callee ? new Name(callee.GetText(), Span(callee)) : Missing(c),
                    c.expr().Select(Expr).ToImmutableArray(), span);
            case P.NamePrimaryContext n:
                return new NameExpr(NameOf(n.name(), n), span);
            case P.ParenPrimaryContext p:
                return Expr(p.expr());
            case P.RecordPrimaryContext r:
                return Record(r.recordLiteral());
            case P.ListPrimaryContext l:
                return new ListExpr(l.expr().Select(Expr).ToImmutableArray(), span);
            default:
                return new ErrorExpr(span);
        }
    }

    private RecordExpr Record(P.RecordLiteralContext? ctx)
    {
        if (ctx is null) return new RecordExpr(ImmutableArray<FieldValue>.Empty, new TextSpan(_source, _source.Text.Length, _source.Text.Length));
        var names = ctx.name();
        var values = ctx.expr();
        var fields = ImmutableArray.CreateBuilder<FieldValue>();
        for (var i = 0; i < Math.Min(names.Length, values.Length); i++)
        {
            var name = NameOf(names[i], ctx);
            var value = Expr(values[i]);
            fields.Add(new FieldValue(name, value, TextSpan.Covering(name.Span, value.Span)));
        }
        return new RecordExpr(fields.ToImmutable(), Span(ctx));
    }

    private Expr Literal(P.LiteralContext? ctx, TextSpan span)
    {
        switch (ctx)
        {
            case P.NumberLiteralContext n:
            {
                var value = ParseDecimal(n.NUMBER());
                return value is null ? new ErrorExpr(span) : new NumberLiteral(value.Value, LiteralUnit.None, "", span);
            }
            case P.UnitMoneyLiteralContext m:
                return UnitLiteral(m.MONEY(), LiteralUnit.Money, span);
            case P.UnitPointsLiteralContext p:
                return UnitLiteral(p.POINTS(), LiteralUnit.Points, span);
            case P.MoneyLiteralContext m:
            {
                var value = ParseDecimal(m.NUMBER());
                return value is null ? new ErrorExpr(span) : new NumberLiteral(value.Value, LiteralUnit.Money, m.YUAN_SIGN().GetText(), span);
            }
            case P.PercentLiteralContext p:
            {
                var text = p.PERCENT().GetText();
                var value = ParseDecimal(text[..^1], p.PERCENT());
                // The value is in percent: 3‰ is 0.3%, exactly (a tenth of a decimal never rounds).
                if (value is not null && text.EndsWith('‰')) value /= 10m;
                return value is null ? new ErrorExpr(span) : new PercentLiteral(value.Value, text, span);
            }
            case P.DurationLiteralContext d:
            {
                var text = d.DURATION().GetText();
                text = text.Replace(" ", "", StringComparison.Ordinal).Replace("\t", "", StringComparison.Ordinal);
                var (unit, suffix) = text switch
                {
                    _ when text.EndsWith("min", StringComparison.Ordinal) => (DurationUnit.Minutes, 3),
                    _ when text.EndsWith("分钟", StringComparison.Ordinal) => (DurationUnit.Minutes, 2),
                    _ when text.EndsWith("小时", StringComparison.Ordinal) => (DurationUnit.Hours, 2),
                    _ when text.EndsWith('h') => (DurationUnit.Hours, 1),
                    _ => (DurationUnit.Days, 1),
                };
                var value = ParseDecimal(text[..^suffix], d.DURATION());
                if (value is null) return new ErrorExpr(span);
                if (unit == DurationUnit.Days && value.Value > decimal.MaxValue / 24m)
                {
                    // Durations are hours: days beyond what a decimal holds in hours are no duration at all.
                    _diagnostics.Report(DiagnosticCodes.InvalidLiteral, span, d.DURATION().GetText(), new Bilingual("duration", "时长"));
                    return new ErrorExpr(span);
                }
                return new DurationLiteral(value.Value, unit, text[^suffix..], span);
            }
            case P.DateLiteralContext d:
                return ParseDate(d.DATE()) is { } date ? new DateLiteral(date, span) : new ErrorExpr(span);
            case P.PeriodLiteralExprContext p:
                return ParsePeriod(p.PERIOD_LIT());
            case P.StringLiteralContext s:
                return new StringLiteral(Unquote(s.STRING()), span);
            case P.TrueLiteralContext:
                return new BoolLiteral(true, span);
            case P.FalseLiteralContext:
                return new BoolLiteral(false, span);
            default:
                return new ErrorExpr(span);
        }
    }

    /// <summary><c>1000 yuan</c>, <c>1000元</c>, <c>20 pts</c>, <c>20分</c>: one token, number then unit word.</summary>
    private Expr UnitLiteral(ITerminalNode token, LiteralUnit unit, TextSpan span)
    {
        var text = token.GetText();
        var digits = text.TakeWhile(c => char.IsAsciiDigit(c) || c == '.').Count();
        var value = ParseDecimal(text[..digits], token);
        return value is null ? new ErrorExpr(span) : new NumberLiteral(value.Value, unit, text[digits..].Trim(), span);
    }

    // -----------------------------------------------------------------------------------------
    // Tokens and literals

    private static CompareOp CompareOperator(P.CompareOpContext? ctx) => ctx?.GetText() switch
    {
        "<" => CompareOp.Lt,
        "<=" or "≤" => CompareOp.Le,
        ">" => CompareOp.Gt,
        ">=" or "≥" => CompareOp.Ge,
        "!=" or "≠" => CompareOp.Ne,
        _ => CompareOp.Eq,
    };

    private decimal? ParseDecimal(ITerminalNode? token) => token is null ? null : ParseDecimal(token.GetText(), token);

    private decimal? ParseDecimal(string text, ITerminalNode token)
    {
        if (decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value)) return value;
        _diagnostics.Report(DiagnosticCodes.InvalidLiteral, Span(token), token.GetText(), new Bilingual("number", "数字"));
        return null;
    }

    private DateOnly? ParseDate(ITerminalNode? token)
    {
        if (token is null) return null;
        if (DateOnly.TryParseExact(token.GetText(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)) return date;
        _diagnostics.Report(DiagnosticCodes.InvalidLiteral, Span(token), token.GetText(), new Bilingual("date", "日期"));
        return null;
    }

    private static readonly System.Text.RegularExpressions.Regex PeriodPattern =
        new(@"^(\d{4})(?:-(?:[Qq]([1-4])|[Hh]([12])|(\d{2})))?$", System.Text.RegularExpressions.RegexOptions.CultureInvariant);

    private PeriodLiteral ParsePeriod(ITerminalNode token)
    {
        var text = token.GetText();
        var span = Span(token);
        var match = PeriodPattern.Match(text);
        var year = match.Success ? int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
        var month = match.Success && match.Groups[4].Success ? int.Parse(match.Groups[4].Value, CultureInfo.InvariantCulture) : 1;
        if (!match.Success || year < 1 || month is < 1 or > 12)
        {
            _diagnostics.Report(DiagnosticCodes.InvalidLiteral, span, text, new Bilingual("period", "考核期"));
            return new PeriodLiteral(PeriodKind.Year, Math.Max(year, 1), 1, text, span);
        }
        if (match.Groups[2].Success) return new PeriodLiteral(PeriodKind.Quarter, year, match.Groups[2].Value[0] - '0', text, span);
        if (match.Groups[3].Success) return new PeriodLiteral(PeriodKind.Half, year, match.Groups[3].Value[0] - '0', text, span);
        if (match.Groups[4].Success) return new PeriodLiteral(PeriodKind.Month, year, month, text, span);
        return new PeriodLiteral(PeriodKind.Year, year, 1, text, span);
    }

    private static string Unquote(ITerminalNode token) => Unquote(token.GetText());

    internal static string Unquote(string text)
    {
        if (text.Length < 2) return "";
        var body = text[1..^1];
        if (!body.Contains('\\')) return body;
        var result = new System.Text.StringBuilder(body.Length);
        for (var i = 0; i < body.Length; i++)
        {
            if (body[i] == '\\' && i + 1 < body.Length)
            {
                i++;
                result.Append(body[i] switch { 'n' => '\n', 't' => '\t', _ => body[i] });
            }
            else
            {
                result.Append(body[i]);
            }
        }
        return result.ToString();
    }

    private static string? OptionalString(ITerminalNode? token) => token is null ? null : Unquote(token);

    private Name NameOf(P.NameContext? ctx, ParserRuleContext owner) =>
        ctx?.ID() is { } id && id.Symbol.TokenIndex >= 0 ? new Name(id.GetText(), Span(id)) : Missing(owner);

    private Name Missing(ParserRuleContext owner)
    {
        var span = Span(owner);
        return new Name("", new TextSpan(_source, span.End, span.End));
    }

    private TextSpan Span(ParserRuleContext ctx)
    {
        var start = Math.Clamp(ctx.Start?.StartIndex ?? 0, 0, _source.Text.Length);
        var stop = ctx.Stop is { } s && s.StopIndex >= start ? s.StopIndex + 1 : start;
        return new TextSpan(_source, start, Math.Clamp(stop, start, _source.Text.Length));
    }

    private TextSpan Span(ITerminalNode token)
    {
        var start = Math.Clamp(token.Symbol.StartIndex, 0, _source.Text.Length);
        var end = Math.Clamp(token.Symbol.StopIndex + 1, start, _source.Text.Length);
        return new TextSpan(_source, start, end);
    }
}
