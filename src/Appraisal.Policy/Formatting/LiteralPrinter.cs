using System.Globalization;
using System.Text;
using Appraisal.Policy.Syntax;

namespace Appraisal.Policy.Formatting;

/// <summary>Prints literals as their author wrote them: the same unit spelling and the same decimals.</summary>
public static class LiteralPrinter
{
    /// <summary>
    /// <c>20</c>, <c>20 pts</c>, <c>20分</c>, <c>1000 yuan</c>, <c>1000元</c>, <c>¥1000</c>. A decimal keeps the scale
    /// it was parsed with, so <c>0.30</c> prints as <c>0.30</c>. Chinese units are written without a space.
    /// </summary>
    public static string Number(NumberLiteral literal)
    {
        var digits = Decimal(literal.Value);
        return literal.Text switch
        {
            "" => digits,
            "¥" or "￥" => literal.Text + digits,
            "元" or "分" => digits + literal.Text,
            _ => digits + " " + literal.Text,
        };
    }

    public static string Percent(PercentLiteral literal) => literal.Text;

    /// <summary><see cref="DurationLiteral.Text"/> holds the suffix (<c>h</c>, <c>小时</c>, …).</summary>
    public static string Duration(DurationLiteral literal) => Decimal(literal.Amount) + literal.Text;

    public static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string Decimal(decimal value) => value.ToString(CultureInfo.InvariantCulture);

    public static string Bool(bool value) => value ? "true" : "false";

    /// <summary>Quotes and escapes a string so that the parser reads back the same value.</summary>
    public static string Quote(string value)
    {
        var builder = new StringBuilder(value.Length + 2).Append('"');
        foreach (var c in value)
        {
            builder.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\t' => "\\t",
                _ => c.ToString(),
            });
        }
        return builder.Append('"').ToString();
    }

    /// <summary>A version is printed as a number when it reads as one (<c>2026.1</c>), otherwise quoted.</summary>
    public static string Version(string version) =>
        version.Length > 0 && version.All(c => char.IsAsciiDigit(c) || c == '.') && IsDecimal(version) ? version : Quote(version);

    private static bool IsDecimal(string text)
    {
        var parts = text.Split('.');
        return parts.Length <= 2 && parts.All(p => p.Length > 0);
    }
}
