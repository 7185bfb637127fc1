using Appraisal.Policy.Syntax;

namespace Appraisal.Policy.Formatting;

/// <summary>
/// Prints a policy file in the one canonical layout: the header, then the declarations separated by one blank
/// line (a <c>source</c> line stays attached to the declaration below it; a run of one-line declarations of one
/// kind stays together), two-space indentation, one field, row,
/// entry or condition per line, aligned table and field columns, canonical spacing, only the parentheses that
/// precedence needs, and literals as written. Every comment is kept (see <see cref="CommentPlacer"/> for where).
/// Formatting is idempotent and never changes the meaning (the AST, compared with <see cref="AstDump"/>).
/// The file should parse without syntax errors; expressions the parser could not build print as <c>&lt;error&gt;</c>.
/// </summary>
public static class Formatter
{
    public static string Format(PolicyFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        var context = new LayoutContext(file);
        HeaderPrinter.Print(context);
        Declarations(context);
        var lines = context.Writer.Lines;
        var endOfFile = CommentPlacer.Place(file.Source.Text, file.Comments, lines);
        return new LineRenderer(file.Source.Text).Render(lines, endOfFile);
    }

    private static void Declarations(LayoutContext context)
    {
        var printer = new DeclarationPrinter(context);
        Declaration? previous = null;
        var previousOneLine = false;
        foreach (var declaration in context.File.Declarations)
        {
            if (previous is not SourceDecl) context.Writer.BlankLine();
            var first = context.Writer.Lines.Count;
            printer.Print(declaration);
            var oneLine = context.Writer.Lines.Count - first == 1;
            // A run of one-line declarations of one kind (outputs, definitions, parameters, enums) stays together.
            if (oneLine && previousOneLine && previous is not null && previous.GetType() == declaration.GetType() && declaration is not TestDecl
                && !CommentBetween(context.File, previous, declaration))
                context.Writer.Lines[first].BlankBefore = false;
            previous = declaration;
            previousOneLine = oneLine;
        }
    }

    private static bool CommentBetween(PolicyFile file, Declaration previous, Declaration next) =>
        file.Comments.Any(c => c.Span.Start >= previous.Span.End && c.Span.Start < next.Span.End); // comments inside a one-line declaration move before it
}
