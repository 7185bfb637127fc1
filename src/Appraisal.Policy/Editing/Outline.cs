using System.Collections.Immutable;
using Appraisal.Policy.Syntax;
using Appraisal.Policy.Text;

namespace Appraisal.Policy.Editing;

/// <summary>A document's declarations as an outline, from its syntax alone (so a document with type errors has one too).</summary>
internal static class Outline
{
    public static ImmutableArray<OutlineSymbol> Of(PolicyDocument document)
    {
        var lines = document.Lines;
        var source = document.Source;
        return [.. document.Checked.File.Declarations.Select(Declaration).OfType<OutlineSymbol>()];

        OutlineSymbol? Declaration(Declaration declaration) => declaration switch
        {
            IncludeDecl include => Symbol(include.Path, null, OutlineKind.Include, include.Span, include.Span),
            EnumDecl e => Named(e, OutlineKind.Enum, null, e.Members.Select(m => Symbol(m.Text, null, OutlineKind.EnumMember, m.Span, m.Span))),
            RecordDecl r => Named(r, OutlineKind.Record, null, r.Fields.Select(Field)),
            InputDecl input => Symbol("input", null, OutlineKind.Input, input.Span, input.Span, input.Fields.Select(Field)),
            ParamDecl p => Named(p, OutlineKind.Parameter, TypeText(p.Field.Type)),
            ConstraintDecl c => Named(c, OutlineKind.Constraint),
            TableDecl t => Named(t, OutlineKind.Table, TypeText(t.Result)),
            LetDecl l => Named(l, OutlineKind.Definition, l.Type is null ? null : TypeText(l.Type)),
            ScorecardDecl s => Named(s, OutlineKind.Scorecard, null,
                s.Entries.Select(e => Symbol(e.Name.Text, e.Kind.ToString().ToLowerInvariant(), OutlineKind.ScorecardItem, e.Span, e.Name.Span))),
            LevelsDecl l => Named(l, OutlineKind.Rule, "levels", l.Levels.Select(v => Symbol(v.Name.Text, null, OutlineKind.Level, v.Span, v.Name.Span))),
            GateDecl g => Named(g, OutlineKind.Rule, "gate"),
            VetoDecl v => Named(v, OutlineKind.Rule, "veto"),
            EscalationDecl e => Named(e, OutlineKind.Rule, "escalation"),
            RankDecl r => Named(r, OutlineKind.Rule, "rank"),
            DistributeDecl d => Named(d, OutlineKind.Rule, "distribute"),
            SelectDecl s => Named(s, OutlineKind.Rule, "select"),
            OutputDecl o => Named(o, OutlineKind.Output, TypeText(o.Type)),
            TestDecl t => Symbol(t.Title, "test", OutlineKind.Test, t.Span, t.Span),
            _ => null,
        };

        OutlineSymbol? Field(FieldDecl field) => Named(field, OutlineKind.Field, TypeText(field.Type));

        OutlineSymbol? Named(NamedDeclaration declaration, OutlineKind kind, string? detail = null, IEnumerable<OutlineSymbol?>? children = null) =>
            Symbol(declaration.Name.Text, detail, kind, declaration.Span, declaration.Name.Span, children);

        OutlineSymbol? Symbol(string name, string? detail, OutlineKind kind, TextSpan span, TextSpan nameSpan, IEnumerable<OutlineSymbol?>? children = null)
        {
            // Names the parser had to make up for a gap, and spans in another file, have no place in this outline.
            if (string.IsNullOrWhiteSpace(name) || !ReferenceEquals(span.Source, source)) return null;
            var range = lines.Range(span.Start, span.End);
            var nameRange = lines.Range(nameSpan.Start, nameSpan.End);
            if (nameSpan.Start < span.Start || nameSpan.End > span.End) nameRange = range;
            return new OutlineSymbol(name, detail, kind, range, nameRange, [.. (children ?? []).OfType<OutlineSymbol>()]);
        }

        string TypeText(TypeRef type) => source.Text[type.Span.Start..Math.Max(type.Span.Start, type.Span.End)];
    }
}
