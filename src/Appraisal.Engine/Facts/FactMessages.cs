using Appraisal.Policy.Semantics;
using Appraisal.Policy.Text;

namespace Appraisal.Engine.Facts;

/// <summary>The wording of fact errors: what a type expects, and the limits.</summary>
internal static class FactMessages
{
    public static FactError Error(string path, Bilingual expected, Bilingual found, FactErrorKind kind = FactErrorKind.Invalid) =>
        new(path, expected.En, found.En, kind) { ExpectedZh = expected.Zh, FoundZh = found.Zh };

    /// <summary>What a value of <paramref name="type"/> looks like in a fact document.</summary>
    public static Bilingual Expected(PolicyType type) => type switch
    {
        SimpleType { Name: "bool" } => new("true or false", "true 或 false"),
        SimpleType { Name: "text" } => new("a string", "字符串"),
        SimpleType { Name: "date" } => new("a date \"YYYY-MM-DD\"", "日期 \"YYYY-MM-DD\""),
        SimpleType { Name: "period" } => new(
            "a period \"2026-Q1\", \"2026-H1\", \"2026-03\" or \"2026\"",
            "期间 \"2026-Q1\"、\"2026-H1\"、\"2026-03\" 或 \"2026\""),
        EnumType e => OneOf(e),
        RecordType r => new($"an object with the fields of {r.Name}", $"对象（{r.Name} 的字段）"),
        ListType l => new($"a list (JSON array) of {l.Element.Display}", $"列表（JSON 数组），元素为 {l.Element.Display}"),
        NumericType n => Quantities.UnitOf(n) switch
        {
            QuantityUnit.Money => new(
                "an amount of money: 1000, \"1000.50\", \"1000 yuan\" or \"¥1000\"",
                "金额：1000、\"1000.50\"、\"1000 元\" 或 \"¥1000\""),
            QuantityUnit.Points => new("points: 20, \"20分\" or \"20 pts\"", "分数：20、\"20分\" 或 \"20 pts\""),
            QuantityUnit.Percent => new("a percentage: the fraction 0.032 or \"3.2%\"", "百分比：小数 0.032 或 \"3.2%\""),
            QuantityUnit.Count => WholeNumber,
            QuantityUnit.Duration => new(
                "a duration: a number of hours (24) or \"24h\", \"3d\", \"30min\", \"3天\", \"24小时\"",
                "时长：小时数（24）或 \"24h\"、\"3d\"、\"30min\"、\"3天\"、\"24小时\""),
            _ => new("a number", "数字"),
        },
        _ => new($"a value of type {type.Display}", $"{type.Display} 类型的值"),
    };

    public static Bilingual OneOf(EnumType type) =>
        new("one of " + string.Join(", ", type.Members), "以下之一：" + string.Join("、", type.Members));

    public static readonly Bilingual WholeNumber = new("a whole number of at least 0", "不小于 0 的整数");

    public static readonly Bilingual ExistingDate = new("a date that exists, \"YYYY-MM-DD\"", "存在的日期 \"YYYY-MM-DD\"");

    public static readonly Bilingual FitsDecimal = new(
        "a number between -79228162514264337593543950335 and 79228162514264337593543950335",
        "-79228162514264337593543950335 到 79228162514264337593543950335 之间的数");

    public static readonly Bilingual NonZeroDecimal = new(
        "a number a decimal can hold (at least 0.0000000000000000000000000001 away from 0, or 0)",
        "小数能表示的数（与 0 相差至少 0.0000000000000000000000000001，或为 0）");

    public static readonly Bilingual ExactDecimal = new(
        "a number of at most 28 significant digits", "不超过 28 位有效数字的数");

    /// <summary>
    /// A bare number above 1 for a percent: almost always 3.2 meant as 3.2%. Said against the input's declared range
    /// when it has one (<c>0%..100%</c>), else against the fractions from -1 to 1.
    /// </summary>
    public static Bilingual PercentFraction(decimal written, decimal? low, decimal? high, NumericType type)
    {
        var fraction = Quantities.Plain(Quantities.Normalize(written / 100m));
        var percent = Quantities.Plain(Quantities.Normalize(written)) + "%";
        if (low is not null || high is not null)
        {
            var range = InRange(low ?? decimal.MinValue, high ?? decimal.MaxValue, type);
            return new(
                $"{range.En}; a bare number is the fraction itself (0.032 is 3.2%): write {fraction} or \"{percent}\"",
                $"{range.Zh}；不带 % 的数即小数本身（0.032 即 3.2%）：写 {fraction} 或 \"{percent}\"");
        }
        return new(
            $"a fraction between -1 and 1, since a bare number is the fraction itself (0.032 is 3.2%): write {fraction} or \"{percent}\"",
            $"-1 到 1 之间的小数，不带 % 的数即小数本身（0.032 即 3.2%）：写 {fraction} 或 \"{percent}\"");
    }

    public static Bilingual InRange(decimal low, decimal high, NumericType type) => new(
        $"a value in {Quantities.Bound(low, type, false)}..{Quantities.Bound(high, type, false)}",
        $"{Quantities.Bound(low, type, true)}..{Quantities.Bound(high, type, true)} 之内的值");

    public static readonly Bilingual Document = new("a JSON object with one field per input", "JSON 对象，每个输入一个字段");
    public static readonly Bilingual WellFormed = new("well-formed JSON", "格式正确的 JSON");
    public static readonly Bilingual SingleDocument = new("a single JSON object", "单个 JSON 对象");
    public static readonly Bilingual KnownInput = new("one of the policy's inputs", "策略的输入之一");
    public static readonly Bilingual KnownOutput = new("one of the policy's outputs", "策略的输出之一");
    public static readonly Bilingual KeyOnce = new("each key at most once", "每个键只出现一次");
    public static readonly Bilingual RequiredInput = new("a value: this input is required", "一个值（此输入为必填）");

    public static Bilingual KnownField(RecordType type) => new(
        $"a field of {type.Name}: " + string.Join(", ", type.Fields.Select(f => f.Name)),
        $"{type.Name} 的字段之一：" + string.Join("、", type.Fields.Select(f => f.Name)));

    public static Bilingual RequiredField(RecordType type) =>
        new($"a value: this field of {type.Name} is required", $"一个值（{type.Name} 的此字段为必填）");

    public static readonly Bilingual Nothing = new("nothing", "缺失");
    public static readonly Bilingual UnknownField = new("an unknown field", "未知字段");
    public static readonly Bilingual RepeatedKey = new("a repeated key", "重复的键");
    public static readonly Bilingual EmptyDocument = new("an empty document", "空文档");
    public static readonly Bilingual MoreContent = new("more content after it", "其后还有内容");

    public static Bilingual ListLimit(int max) => new(
        $"at most {max} items (limit max_list_length)", $"至多 {max} 项（限制 max_list_length）");

    public static Bilingual Items(int count) => new($"{count} items", $"{count} 项");

    public static Bilingual DepthLimit(int max) => new(
        $"at most {max} levels of nesting (limit max_depth)", $"至多 {max} 层嵌套（限制 max_depth）");

    public static Bilingual Levels(int count) => new($"{count} levels", $"{count} 层");

    public static Bilingual SizeLimit(int max) => new(
        $"at most {max} characters of JSON (limit max_json_chars)", $"至多 {max} 个字符的 JSON（限制 max_json_chars）");

    public static Bilingual GroupLimit(int max) => new(
        $"at most {max} members (limit max_group_members)", $"至多 {max} 个成员（限制 max_group_members）");

    public static Bilingual Members(int count) => new($"{count} members", $"{count} 个成员");

    public static Bilingual MoreCharacters(int max) => new($"more than {max} characters", $"超过 {max} 个字符");

    public static readonly Bilingual Utf8Text = new("UTF-8 text", "UTF-8 文本");
    public static readonly Bilingual NotUtf8 = new("bytes that are not UTF-8", "不是 UTF-8 的字节");

    public static Bilingual Characters(int count) => new($"{count} characters", $"{count} 个字符");
}
