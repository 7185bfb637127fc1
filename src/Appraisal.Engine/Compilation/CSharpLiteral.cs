using System.Text;

namespace Appraisal.Engine.Compilation;

/// <summary>
/// Writes a string as a C# string literal without Roslyn: printable ASCII as itself (with <c>\"</c> and <c>\\</c>
/// escaped), every other character as <c>\uXXXX</c>. Generating code therefore never loads Roslyn, so a compiled
/// tier found in the <see cref="CompileCache"/> becomes ready without loading Microsoft.CodeAnalysis at all.
/// </summary>
internal static class CSharpLiteral
{
    public static string Quote(string text)
    {
        var literal = new StringBuilder(text.Length + 2).Append('"');
        foreach (var c in text)
        {
            if (c is '"' or '\\') literal.Append('\\').Append(c);
            else if (c is >= ' ' and <= '~') literal.Append(c);
            else literal.Append("\\u").Append(((int)c).ToString("X4", System.Globalization.CultureInfo.InvariantCulture));
        }
        return literal.Append('"').ToString();
    }
}
