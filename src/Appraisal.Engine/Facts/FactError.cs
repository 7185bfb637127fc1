namespace Appraisal.Engine.Facts;

/// <summary>
/// One violation in a fact set: where it is (a JSON path such as <c>$.投诉[2].结果</c>), what the policy expects there
/// and what the document holds, e.g. expected <c>one of 已处理, 未处理</c>, found <c>"已处理了"</c>.
/// </summary>
/// <param name="Path">
/// The JSON path of the offending value: <c>$.name</c> for identifier-like names, <c>$['odd name']</c> otherwise,
/// <c>[2]</c> for list items; <c>$</c> for the document as a whole.
/// </param>
/// <param name="Expected">What is allowed there, in English.</param>
/// <param name="Found">What the document holds: a JSON value as written (strings quoted) or a short description.</param>
public sealed record FactError(string Path, string Expected, string Found, FactErrorKind Kind = FactErrorKind.Invalid)
{
    /// <summary>What is allowed there, in Chinese; falls back to <see cref="Expected"/>.</summary>
    public string? ExpectedZh { get; init; }

    /// <summary>What the document holds, in Chinese where it is a description; falls back to <see cref="Found"/>.</summary>
    public string? FoundZh { get; init; }

    public string Message => $"{Path}: expected {Expected}, found {Found}";

    /// <summary>
    /// The message in Chinese, spaced as Chinese text is: a space between a Chinese word and a number, name or quote
    /// written in Latin letters (应为 0%..100% 之内的值，实际为 1.3), none between Chinese words (实际为缺失).
    /// </summary>
    public string MessageZh => $"{Path}：应为{Spaced(ExpectedZh ?? Expected)}，实际为{Spaced(FoundZh ?? Found)}";

    private static string Spaced(string text) => text.Length > 0 && !IsChinese(text[0]) ? " " + text : text;

    private static bool IsChinese(char c) => c is >= '\u4e00' and <= '\u9fff' or >= '\u3000' and <= '\u303f' or >= '\uff00' and <= '\uffef';

    public override string ToString() => Message;
}
