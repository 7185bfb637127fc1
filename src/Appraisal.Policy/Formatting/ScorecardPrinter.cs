using Appraisal.Policy.Syntax;

namespace Appraisal.Policy.Formatting;

/// <summary>Scorecards: one entry per line, item names padded so that their <c>max</c> (or <c>weight</c>) line up.</summary>
internal static class ScorecardPrinter
{
    public static void Print(LayoutContext context, ScorecardDecl scorecard)
    {
        var header = $"scorecard {scorecard.Name.Text} out of {ExpressionPrinter.Print(scorecard.Total)}";
        if (scorecard.Floor is { } floor) header += " floor " + ExpressionPrinter.Print(floor);
        var openAfter = (scorecard.Floor ?? scorecard.Total).Span.End;
        context.Block(header, scorecard, openAfter, "", scorecard.Entries.IsEmpty, () => Entries(context, scorecard.Entries));
    }

    private static void Entries(LayoutContext context, IReadOnlyList<ScorecardEntry> entries)
    {
        var itemNameWidth = entries.Where(e => e.Kind == EntryKind.Item).Select(e => TextWidth.Of(e.Name.Text)).DefaultIfEmpty(0).Max();
        foreach (var entry in entries) context.Line(Text(entry, itemNameWidth), entry);
    }

    private static string Text(ScorecardEntry entry, int itemNameWidth)
    {
        var text = entry.Kind switch
        {
            EntryKind.Item => "item " + TextWidth.PadRight(entry.Name.Text, itemNameWidth) + Weight(entry) + " max " + Optional(entry.Max),
            EntryKind.Deduct => "deduct " + entry.Name.Text,
            _ => "add " + entry.Name.Text,
        };
        text += " = " + ExpressionPrinter.Print(entry.Value);
        if (entry.Floor is { } floor) text += ", floor " + ExpressionPrinter.Print(floor);
        if (entry.Cap is { } cap) text += ", cap " + ExpressionPrinter.Print(cap);
        return text;
    }

    private static string Weight(ScorecardEntry entry) =>
        entry.Weight is { } weight ? " weight " + ExpressionPrinter.Print(weight) : "";

    private static string Optional(Expr? expr) => expr is null ? ExpressionPrinter.ErrorText : ExpressionPrinter.Print(expr);
}
