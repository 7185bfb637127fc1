using Appraisal.Policy.Syntax;
using Appraisal.Policy.Syntax.Generated;

namespace Appraisal.Policy.Formatting;

/// <summary><c>policy NAME</c> with its <c>version</c>, <c>period</c> and <c>effective</c> lines indented below, or <c>library NAME</c>.</summary>
internal static class HeaderPrinter
{
    public static void Print(LayoutContext context)
    {
        var file = context.File;
        if (file.Name is not { } name) return;
        var headerEnd = file.Declarations.IsEmpty ? file.Source.Text.Length : file.Declarations[0].Span.Start;
        var keyword = file.Kind == FileKind.Library ? PolicyLexer.LIBRARY : PolicyLexer.POLICY;
        var start = context.Tokens.Find(keyword, 0, headerEnd)?.Start ?? name.Span.Start;
        context.Writer.Line((file.Kind == FileKind.Library ? "library " : "policy ") + name.Text, start, name.Span.End);
        context.Writer.Indented(() => Clauses(context, file, headerEnd));
    }

    private static void Clauses(LayoutContext context, PolicyFile file, int headerEnd)
    {
        if (file.Version is { } version) Clause(context, "version " + LiteralPrinter.Version(version), PolicyLexer.VERSION, headerEnd);
        if (file.Period is { } period)
        {
            var start = context.Tokens.StartOfPrevious(PolicyLexer.PERIOD, period.Span.Start);
            context.Writer.Line("period " + period.Text, start, period.Span.End);
        }
        if (file.Effective is { } date) Clause(context, "effective " + LiteralPrinter.Date(date), PolicyLexer.EFFECTIVE, headerEnd);
    }

    /// <summary>A clause of a keyword and one token; its source range is found from the keyword.</summary>
    private static void Clause(LayoutContext context, string text, int keyword, int headerEnd)
    {
        var (start, end) = context.Tokens.Find(keyword, 0, headerEnd) is { } token
            ? (token.Start, context.Tokens.EndOfNext(token.End))
            : (headerEnd, headerEnd);
        context.Writer.Line(text, start, end);
    }
}
