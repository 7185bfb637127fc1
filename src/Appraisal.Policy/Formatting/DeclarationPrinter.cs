using System.Collections.Immutable;
using Appraisal.Policy.Syntax;
using Appraisal.Policy.Syntax.Generated;

namespace Appraisal.Policy.Formatting;

/// <summary>Writes the lines of one declaration; tables, scorecards and tests have their own printers.</summary>
internal sealed class DeclarationPrinter(LayoutContext context)
{
    private static string Expr(Expr expr) => ExpressionPrinter.Print(expr);

    private static string Quote(string text) => LiteralPrinter.Quote(text);

    public void Print(Declaration declaration)
    {
        switch (declaration)
        {
            case IncludeDecl d: context.Line("include " + Quote(d.Path), d); break;
            case SourceDecl d: context.Line("source " + Quote(d.Citation), d); break;
            case EnumDecl d: Enum(d); break;
            case RecordDecl d: Fields("record " + d.Name.Text, d, d.Name.Span.End, d.Fields); break;
            case InputDecl d: Fields("input", d, d.Span.Start, d.Fields); break;
            case ParamDecl d: Param(d); break;
            case ConstraintDecl d: context.Line($"constraint {d.Name.Text}: {Expr(d.Condition)}{Message(d.Message)}", d); break;
            case TableDecl d: TablePrinter.Print(context, d); break;
            case LetDecl d: WithExceptions($"let {d.Name.Text}{OptionalType(d.Type)} = {Expr(d.Value)}", d, d.Value, d.Exceptions); break;
            case ScorecardDecl d: ScorecardPrinter.Print(context, d); break;
            case GateDecl d: Gate(d); break;
            case VetoDecl d: Veto(d); break;
            case LevelsDecl d: Levels(d); break;
            case EscalationDecl d: Escalation(d); break;
            case RankDecl d: context.Line($"rank {d.Name.Text} by {Expr(d.By)}{Direction(d.Direction, d.DirectionWritten)}", d); break;
            case DistributeDecl d: context.Line(Distribute(d), d); break;
            case SelectDecl d: context.Line(Select(d), d); break;
            case OutputDecl d: WithExceptions(Output(d), d, d.Value, d.Exceptions); break;
            case TestDecl d: TestPrinter.Print(context, d); break;
            default: throw new ArgumentException("Unknown declaration " + declaration.GetType().Name, nameof(declaration));
        }
    }

    /// <summary>
    /// <c>enum X { A, B, C }</c> on one line; one member per line when there are comments between the braces,
    /// so that each comment stays next to its member.
    /// </summary>
    private void Enum(EnumDecl declaration)
    {
        var header = "enum " + declaration.Name.Text;
        var open = context.Tokens.OpenBraceAfter(declaration.Name.Span.End);
        if (!context.HasCommentsWithin(open.End, declaration.Span.End))
        {
            var members = string.Join(", ", declaration.Members.Select(m => m.Text));
            context.Line(header + (members.Length == 0 ? " {}" : " { " + members + " }"), declaration);
            return;
        }
        context.Block(header, declaration, declaration.Name.Span.End, "", declaration.Members.IsEmpty, () =>
        {
            var members = declaration.Members;
            for (var i = 0; i < members.Length; i++) context.Line(members[i].Text + (i < members.Length - 1 ? "," : ""), members[i]);
        });
    }

    private void Fields(string header, Declaration declaration, int openAfter, ImmutableArray<FieldDecl> fields) =>
        context.Block(header, declaration, openAfter, "", fields.IsEmpty, () => FieldPrinter.Block(context, fields));

    private void Param(ParamDecl declaration)
    {
        var header = "param " + FieldPrinter.Inline(declaration.Field);
        if (declaration.DatedValues.IsEmpty)
        {
            context.Line(header, declaration);
            return;
        }
        context.Block(header, declaration, declaration.Field.Span.End, "", isEmpty: false, () =>
        {
            foreach (var dated in declaration.DatedValues) context.Line(LiteralPrinter.Date(dated.From) + " => " + Expr(dated.Value), dated);
        });
    }

    /// <summary><c>let</c> and <c>output</c>: the value on the first line, each <c>unless</c> on its own line below.</summary>
    private void WithExceptions(string text, Declaration declaration, Expr value, ImmutableArray<UnlessClause> exceptions)
    {
        if (exceptions.IsEmpty)
        {
            context.Line(text, declaration);
            return;
        }
        context.Writer.Line(text, declaration.Span.Start, value.Span.End);
        context.Writer.Indented(() =>
        {
            foreach (var exception in exceptions) context.Line($"unless {Expr(exception.Condition)} => {Expr(exception.Value)}", exception);
        });
    }

    private static string Output(OutputDecl declaration)
    {
        var text = $"output {declaration.Name.Text}: {TypePrinter.Print(declaration.Type)}";
        if (declaration.Round is { } round) text += " round " + Expr(round.Precision) + (round.Mode is { } mode ? " " + mode.Text : "");
        return text + " = " + Expr(declaration.Value);
    }

    private void Gate(GateDecl gate)
    {
        var otherwise = gate.Otherwise is { } message ? " otherwise " + Quote(message) : "";
        if (gate.Kind == GateKind.Single && gate.Conditions.Length == 1)
        {
            context.Line($"gate {gate.Name.Text}: {ConditionPrinter.Text(gate.Conditions[0])}{otherwise}", gate);
            return;
        }
        var header = $"gate {gate.Name.Text} {(gate.Kind == GateKind.Any ? "any" : "all")}";
        context.Block(header, gate, gate.Name.Span.End, otherwise, gate.Conditions.IsEmpty,
            () => ConditionPrinter.Lines(context, gate.Conditions));
    }

    private void Veto(VetoDecl veto)
    {
        context.Block($"veto {veto.Name.Text} when {Expr(veto.When)}", veto, veto.When.Span.End, Message(veto.Message),
            veto.Overrides.IsEmpty, () =>
            {
                foreach (var assignment in veto.Overrides) context.Line($"{assignment.Target.Text} = {Expr(assignment.Value)}", assignment);
            });
    }

    private void Levels(LevelsDecl levels)
    {
        var header = $"levels {levels.Name.Text}: {TypePrinter.Print(levels.Type)}";
        if (levels.Current is { } current) header += " from " + Expr(current);
        if (levels.Step is { } step) header += " step " + Expr(step);
        var openAfter = (levels.Step ?? levels.Current)?.Span.End ?? levels.Type.Span.End;
        context.Block(header, levels, openAfter, "", levels.Levels.IsEmpty, () =>
        {
            foreach (var level in levels.Levels)
            {
                context.Block(level.Name.Text, level, level.Name.Span.End, "", level.Requirements.IsEmpty,
                    () => ConditionPrinter.Lines(context, level.Requirements));
            }
        });
    }

    /// <summary>The clauses of an escalation, always in the order start, step, cap, reset.</summary>
    private void Escalation(EscalationDecl escalation)
    {
        context.Block($"escalation {escalation.Name.Text}: {TypePrinter.Print(escalation.Type)}", escalation,
            escalation.Type.Span.End, "", isEmpty: false, () =>
            {
                Clause(PolicyLexer.START, "start " + Expr(escalation.Start), escalation.Start, escalation.Start);
                Clause(PolicyLexer.STEP, $"step {Expr(escalation.Step)} when {Expr(escalation.StepWhen)}", escalation.Step, escalation.StepWhen);
                if (escalation.Cap is { } cap) Clause(PolicyLexer.CAP, "cap " + Expr(cap), cap, cap);
                if (escalation.ResetWhen is { } reset) Clause(PolicyLexer.RESET, "reset when " + Expr(reset), reset, reset);
            });
    }

    /// <summary>A clause line whose source range runs from its keyword to the end of its last expression.</summary>
    private void Clause(int keyword, string text, Expr first, Expr last) =>
        context.Writer.Line(text, context.Tokens.StartOfPrevious(keyword, first.Span.Start), last.Span.End);

    private static string Distribute(DistributeDecl d)
    {
        var shares = string.Join(" : ", d.Shares.Select(s => s.Value.Text + " " + LiteralPrinter.Decimal(s.Weight)));
        var ties = d.Ties == TieRule.Lower ? "lower" : "higher";
        return $"distribute {d.Name.Text}: {TypePrinter.Print(d.Type)} by {Expr(d.By)}{Direction(d.Direction, d.DirectionWritten)} ratio {shares} ties {ties}";
    }

    private static string Select(SelectDecl d)
    {
        var text = $"select {d.Name.Text} by {Expr(d.By)} {(d.Extreme == Extreme.Lowest ? "lowest" : "highest")}";
        return d.Where is { } where ? text + " where " + Expr(where) : text;
    }

    private static string Direction(SortDirection direction, bool written) =>
        !written ? "" : direction == SortDirection.Ascending ? " asc" : " desc";

    private static string OptionalType(TypeRef? type) => type is null ? "" : ": " + TypePrinter.Print(type);

    private static string Message(string? message) => message is null ? "" : " " + Quote(message);
}
