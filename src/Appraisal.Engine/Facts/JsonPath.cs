using System.Text;

namespace Appraisal.Engine.Facts;

/// <summary>
/// Builds the JSON paths used in fact errors: <c>$.name</c> when the name is identifier-like (letters of any
/// script, digits and <c>_</c>, not starting with a digit), <c>$['odd name']</c> otherwise, <c>[2]</c> for list items.
/// </summary>
public static class JsonPath
{
    public const string Root = "$";

    /// <summary>The path segment for an object member: <c>.name</c> or <c>['odd name']</c>.</summary>
    public static string Member(string name)
    {
        if (IsIdentifierLike(name)) return "." + name;
        var quoted = new StringBuilder(name.Length + 4).Append("['");
        foreach (var c in name)
        {
            switch (c)
            {
                case '\'': quoted.Append("\\'"); break;
                case '\\': quoted.Append("\\\\"); break;
                case '\n': quoted.Append("\\n"); break;
                case '\r': quoted.Append("\\r"); break;
                case '\t': quoted.Append("\\t"); break;
                default:
                    if (char.IsControl(c)) quoted.Append("\\u").Append(((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture));
                    else quoted.Append(c);
                    break;
            }
        }
        return quoted.Append("']").ToString();
    }

    /// <summary>The path segment for a list item: <c>[2]</c>.</summary>
    public static string Index(int index) => "[" + index.ToString(System.Globalization.CultureInfo.InvariantCulture) + "]";

    private static bool IsIdentifierLike(string name)
    {
        if (name.Length == 0) return false;
        var first = true;
        foreach (var rune in name.EnumerateRunes())
        {
            if (first && Rune.IsDigit(rune)) return false;
            first = false;
            if (!Rune.IsLetterOrDigit(rune) && rune.Value != '_') return false;
        }
        return true;
    }
}
