using Appraisal.Policy.Syntax;

namespace Appraisal.Policy.Formatting;

/// <summary>The conditions of <c>gate … all/any { }</c> and of a level: <c>label: test "description"</c>, one per line.</summary>
internal static class ConditionPrinter
{
    public static void Lines(LayoutContext context, IReadOnlyList<Condition> conditions)
    {
        var texts = conditions.Select(Text).ToList();
        for (var i = 0; i < texts.Count; i++)
        {
            var separator = i + 1 < texts.Count && NeedsSeparatorBefore(texts[i + 1]) ? "," : "";
            context.Line(texts[i] + separator, conditions[i]);
        }
    }

    public static string Text(Condition condition)
    {
        var text = condition.Label is { } label ? label.Text + ": " : "";
        text += ExpressionPrinter.Print(condition.Test);
        return condition.Description is { } description ? text + " " + LiteralPrinter.Quote(description) : text;
    }

    /// <summary>
    /// Conditions need no separator, except when the next one starts with <c>-</c>, <c>(</c> or a string: without a
    /// comma, <c>a</c> followed by <c>-b &gt; 0</c> would read as <c>a - b &gt; 0</c>, <c>f</c> followed by
    /// <c>(x)</c> as a call, and a string as the description of the condition before it.
    /// </summary>
    private static bool NeedsSeparatorBefore(string next) => next.Length > 0 && next[0] is '-' or '(' or '"';
}
