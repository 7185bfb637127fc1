using System.Globalization;
using System.Text;
using Appraisal.Policy.Diagnostics;
using Appraisal.Policy.Formatting;
using Appraisal.Policy.Semantics;
using Appraisal.Policy.Syntax;

namespace Appraisal.Policy.Editing;

/// <summary>
/// What hovering over a name tells: its kind and type (the type carries the unit), the declaration as written, its
/// declared range, description and the <c>source</c> citation in force; for a table, its rows; for a parameter, its
/// dated values. Markdown.
/// </summary>
internal static class HoverText
{
    private const int MaxRows = 20;

    public static string Of(Symbol symbol, SemanticModel model, Language language)
    {
        var zh = language == Language.Zh;
        var text = new StringBuilder();
        var type = model.TypeOf(symbol);
        text.Append(CultureInfo.InvariantCulture, $"({(zh ? symbol.KindNameZh : symbol.KindName)}) **{symbol.Name}**");
        if (type != PolicyType.Error) text.Append(CultureInfo.InvariantCulture, $": `{type.Display}`");
        text.Append('\n');

        var declaration = symbol.Declaration;
        if (symbol.Kind == SymbolKind.EnumMember && symbol.Parent is { } parent)
        {
            Line(text, zh ? $"枚举 `{parent.Name}` 的取值" : $"a value of enum `{parent.Name}`");
        }
        else if (Header(declaration) is { Length: > 0 } header)
        {
            text.Append("\n```policy\n").Append(header).Append("\n```\n");
        }

        var field = declaration switch { FieldDecl f => f, ParamDecl p => p.Field, _ => null };
        if (field?.Range is { } range)
            Line(text, (zh ? "取值范围：" : "range: ") + $"`{ExpressionPrinter.Print(range.Low)}..{ExpressionPrinter.Print(range.High)}`");
        if (field?.Default is { } value)
            Line(text, (zh ? "默认值：" : "default: ") + $"`{ExpressionPrinter.Print(value)}`");
        if (field?.Description is { Length: > 0 } description) Line(text, description);

        switch (declaration)
        {
            case ParamDecl { DatedValues.Length: > 0 } parameter:
                Line(text, zh ? "按日期取值：" : "dated values:");
                foreach (var dated in parameter.DatedValues)
                    text.Append(CultureInfo.InvariantCulture, $"- {dated.From:yyyy-MM-dd} ⇒ `{ExpressionPrinter.Print(dated.Value)}`\n");
                break;
            case TableDecl table:
                Line(text, zh ? $"{table.Rows.Length} 行：" : $"{table.Rows.Length} row(s):");
                text.Append("```policy\n");
                foreach (var row in table.Rows.Take(MaxRows)) text.Append(SourceOf(row)).Append('\n');
                if (table.Rows.Length > MaxRows) text.Append("…\n");
                text.Append("```\n");
                break;
        }

        if (Citation(declaration, model) is { } citation) Line(text, (zh ? "依据：" : "source: ") + citation);
        return text.ToString().TrimEnd('\n');
    }

    private static void Line(StringBuilder text, string line) => text.Append('\n').Append(line).Append('\n');

    /// <summary>The declaration as written, up to its body: <c>table 退款率分(r: percent) -> points first</c>, a field's line.</summary>
    private static string Header(Node declaration)
    {
        if (declaration is AggregateExpr) return "";
        var written = SourceOf(declaration);
        var end = written.IndexOfAny(['{', '\n']);
        var header = (end < 0 ? written : written[..end]).TrimEnd();
        return declaration is ParamDecl or OutputDecl or LetDecl && end >= 0 && written[end] == '\n' ? header + " …" : header;
    }

    private static string SourceOf(Node node)
    {
        var text = node.Span.Source.Text;
        var start = Math.Clamp(node.Span.Start, 0, text.Length);
        return text[start..Math.Clamp(node.Span.End, start, text.Length)].Trim();
    }

    /// <summary>The citation of the top-level declaration that holds <paramref name="node"/>.</summary>
    private static string? Citation(Node node, SemanticModel model)
    {
        foreach (var declaration in model.AllDeclarations)
        {
            if (ReferenceEquals(declaration.Span.Source, node.Span.Source) && declaration.Span.Start <= node.Span.Start
                && node.Span.End <= declaration.Span.End && model.Citations.TryGetValue(declaration, out var citation))
                return citation;
        }
        return null;
    }
}
