namespace Appraisal.Policy.Diagnostics;

/// <summary>
/// Chinese wording for the few message arguments that are fixed English phrases rather than the user's own text:
/// the parser's token descriptions ("name 'x'", "an expression", "end of file") and literal kinds ("date").
/// Only the arguments listed here are translated; names, numbers and source text are never touched.
/// </summary>
internal static class ArgumentText
{
    private static readonly Dictionary<string, string> Phrases = new(StringComparer.Ordinal)
    {
        ["end of file"] = "文件末尾",
        ["something else"] = "其他内容",
        ["an expression"] = "表达式",
        ["a name"] = "名称",
        ["a number"] = "数字",
        ["a string"] = "字符串",
        ["a date"] = "日期",
    };

    private static readonly (string En, string Zh)[] Prefixes = [("name ", "名称 "), ("number ", "数字 "), ("string ", "字符串 ")];

    private static readonly Dictionary<string, string> LiteralKinds = new(StringComparer.Ordinal)
    {
        ["number"] = "数字",
        ["date"] = "日期",
        ["period"] = "考核期",
    };

    public static string Localize(DiagnosticDescriptor descriptor, int index, string argument, Language language)
    {
        if (language != Language.Zh) return argument;
        return (descriptor.Code, index) switch
        {
            ("PL0001", 0) => Token(argument),
            ("PL0001", 1) or ("PL0009", 0) => string.Join("、", argument.Split(", ").Select(Token)),
            ("PL0004", 1) => LiteralKinds.GetValueOrDefault(argument, argument),
            _ => argument,
        };
    }

    // One token description: a fixed phrase, or "name 'x'" and the like, or a quoted token left as it is.
    private static string Token(string text)
    {
        if (Phrases.TryGetValue(text, out var phrase)) return phrase;
        foreach (var (en, zh) in Prefixes)
        {
            if (text.StartsWith(en, StringComparison.Ordinal)) return zh + text[en.Length..];
        }
        return text;
    }
}
