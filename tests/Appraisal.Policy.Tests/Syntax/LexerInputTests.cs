using Antlr4.Runtime;
using Appraisal.Policy.Benchmarks;
using Appraisal.Policy.Syntax;
using Appraisal.Policy.Syntax.Generated;

namespace Appraisal.Policy.Tests.Syntax;

/// <summary>
/// <see cref="LexerInput"/> shows the lexer ASCII twins of most non-ASCII characters, for speed. The
/// tokens must be exactly those of the plain input: same types, same places, same text.
/// </summary>
public class LexerInputTests
{
    public static TheoryData<string> Texts()
    {
        var data = new TheoryData<string>
        {
            "policy 考核 let 分数: points = 20分 + 30 分 + ¥1000 + 1000元 + 2小时 + 30分钟 + 1天 + 5％",
            "let a = x ≤ 1 and y ≥ 2 or z ≠ 3 × 4 ÷ 5 // 注释 😀\n/* 块 👩‍💻 */ \"字符串 😀\" \"未结束",
            "let ǅ = Ⅻ + x١٢٣ + ²a + ß + \u3000 + \u00A0 + \uFEFF + \u200B + e\u0301 + \uD83D + \uDE00 + \0 + \uFFFF + 分钟分 + 元宝 + 天天",
            "元分小时天分钟×÷¥￥≤≥≠　",
            string.Concat(Enumerable.Range(0x80, 0x2000).Select(c => (char)c)),
            string.Concat(Enumerable.Range(0x3000, 0x400).Select(c => (char)c)),
            string.Concat(Enumerable.Range(0xD700, 0x2900).Select(c => (char)c)),
        };
        foreach (var file in Directory.EnumerateFiles(RepositoryPaths.Policies, "*.policy", SearchOption.AllDirectories)) data.Add(File.ReadAllText(file));
        data.Add(PolicyGenerator.Generate(50));
        return data;
    }

    [Theory]
    [MemberData(nameof(Texts))]
    public void Gives_the_same_tokens_as_the_plain_input(string text)
    {
        Assert.Equal(Tokens(new AntlrInputStream(text)), Tokens(new LexerInput(text, "t")));
    }

    [Fact]
    public void Token_text_comes_from_the_source()
    {
        var lexer = new PolicyLexer(new LexerInput("考核 ≤ 分", "t"));
        Assert.Equal(["考核", " ", "≤", " ", "分"], lexer.GetAllTokens().Select(t => t.Text));
    }

    private static List<(int Type, int Start, int Stop, string Text)> Tokens(ICharStream input)
    {
        var lexer = new PolicyLexer(input);
        lexer.RemoveErrorListeners();
        return lexer.GetAllTokens().Select(t => (t.Type, t.StartIndex, t.StopIndex, t.Text)).ToList();
    }
}
