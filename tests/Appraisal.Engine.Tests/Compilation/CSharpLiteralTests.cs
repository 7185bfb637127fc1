using Appraisal.Engine.Compilation;
using Microsoft.CodeAnalysis.CSharp;

namespace Appraisal.Engine.Tests.Compilation;

/// <summary>Policy names are written into generated code as C# literals without Roslyn; Roslyn reads them back exactly.</summary>
public class CSharpLiteralTests
{
    [Theory]
    [InlineData("退款率分")]
    [InlineData("a \"quoted\" \\ name")]
    [InlineData("*/ System.Environment.Exit(1); /*")]
    [InlineData("line\nbreak\r\ttab\0nul\u2028separator")]
    [InlineData("😀 outside the basic plane")]
    public void A_literal_reads_back_as_the_same_text_and_is_printable_ascii(string text)
    {
        var literal = CSharpLiteral.Quote(text);
        Assert.All(literal, c => Assert.InRange(c, ' ', '~'));
        var parsed = SyntaxFactory.ParseExpression(literal);
        Assert.Equal(SyntaxKind.StringLiteralExpression, parsed.Kind());
        Assert.Empty(parsed.GetDiagnostics());
        Assert.Equal(text, parsed.GetFirstToken().ValueText);
    }
}
