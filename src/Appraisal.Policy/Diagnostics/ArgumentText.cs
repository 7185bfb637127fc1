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

    // Fixed phrases the checker passes as arguments.
    private static readonly Dictionary<string, string> CheckerPhrases = new(StringComparer.Ordinal)
    {
        ["add"] = "加法",
        ["subtract"] = "减法",
        ["compare"] = "比较",
        ["combine"] = "合并",
        ["any value (no upper bound)"] = "任意大的值（没有上限）",
        ["any negative value (no lower bound)"] = "任意负值（没有下限）",
        ["a cap"] = "上限",
        ["a constraint"] = "约束",
        ["a floor"] = "下限",
        ["a parameter value"] = "参数值",
        ["a promotion step"] = "晋升步长",
        ["a range bound"] = "范围端点",
        ["a rounding precision (a positive constant)"] = "舍入精度（正的常量）",
        ["a scorecard total"] = "评分表总分",
        ["a weight"] = "权重",
        ["a default value"] = "默认值",
        ["an item maximum"] = "项目满分",
        ["a number"] = "数值",
        ["input"] = "输入",
        ["(none)"] = "（无）",
    };

    private static readonly Dictionary<string, string> KindNames = new(StringComparer.Ordinal)
    {
        ["input"] = "输入", ["parameter"] = "参数", ["definition"] = "定义", ["output"] = "输出", ["gate"] = "关卡",
        ["scorecard"] = "评分表", ["table"] = "表", ["levels"] = "等级评定", ["escalation"] = "递进规则", ["veto"] = "否决规则",
        ["constraint"] = "约束", ["ranking"] = "排名", ["distribution"] = "分布", ["selection"] = "评选",
    };

    public static string Localize(DiagnosticDescriptor descriptor, int index, string argument, Language language)
    {
        if (language != Language.Zh) return argument;
        return (descriptor.Code, index) switch
        {
            ("PL0001", 0) => Token(argument),
            ("PL0001", 1) or ("PL0009", 0) => string.Join("、", argument.Split(", ").Select(Token)),
            ("PL0004", 1) => LiteralKinds.GetValueOrDefault(argument, argument),
            ("PL0108", 1) => KindNames.GetValueOrDefault(argument, argument),
            ("PL0202" or "PL0208", 0) or ("PL0502" or "PL0503", 1) or ("PL0201", 0) or ("PL0209" or "PL0210", 0) or ("PL0105", 2)
                => CheckerPhrases.GetValueOrDefault(argument, argument),
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
