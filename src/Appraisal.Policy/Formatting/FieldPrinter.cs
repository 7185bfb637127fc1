using Appraisal.Policy.Syntax;

namespace Appraisal.Policy.Formatting;

/// <summary>Typed fields: <c>name: type in low..high = default "description"</c>.</summary>
internal static class FieldPrinter
{
    /// <summary>A field on one line, as in table columns and parameters.</summary>
    public static string Inline(FieldDecl field) =>
        field.Name.Text + ": " + TypeAndValue(field) + Description(field);

    /// <summary>
    /// One field per line (input and record blocks), with the types aligned in one column and the
    /// descriptions aligned in another.
    /// </summary>
    public static void Block(LayoutContext context, IReadOnlyList<FieldDecl> fields)
    {
        var nameWidth = fields.Select(f => TextWidth.Of(f.Name.Text + ":")).DefaultIfEmpty(0).Max();
        var code = fields.Select(f => TextWidth.PadRight(f.Name.Text + ":", nameWidth) + " " + TypeAndValue(f)).ToList();
        var descriptionColumn = fields.Zip(code).Where(p => p.First.Description is not null)
            .Select(p => TextWidth.Of(p.Second)).DefaultIfEmpty(0).Max() + 2;
        for (var i = 0; i < fields.Count; i++)
        {
            var text = fields[i].Description is { } description
                ? TextWidth.PadRight(code[i], descriptionColumn) + LiteralPrinter.Quote(description)
                : code[i];
            context.Line(text, fields[i]);
        }
    }

    private static string TypeAndValue(FieldDecl field)
    {
        var text = (field.IsOptional ? "optional " : "") + TypePrinter.Print(field.Type);
        if (field.Range is { } range) text += " in " + ExpressionPrinter.Range(range.Low, range.High, open: false);
        if (field.Default is { } value) text += " = " + ExpressionPrinter.Print(value);
        return text;
    }

    private static string Description(FieldDecl field) =>
        field.Description is { } description ? " " + LiteralPrinter.Quote(description) : "";
}
