namespace Appraisal.Policy.Diagnostics;

/// <summary>
/// Every diagnostic the front end reports. Codes are stable: tools and golden tests depend on them.
/// PL00xx syntax, PL01xx names, PL02xx types and units, PL03xx definitions, PL04xx tables,
/// PL05xx scorecards, PL06xx parameters, PL07xx unused, PL08xx levels, history and populations,
/// PL09xx outputs, PL10xx tests and includes.
/// </summary>
public static class DiagnosticCodes
{
    private static DiagnosticDescriptor E(string code, string en, string zh, string? hintEn = null, string? hintZh = null) =>
        new(code, Severity.Error, en, zh, hintEn, hintZh);

    private static DiagnosticDescriptor W(string code, string en, string zh, string? hintEn = null, string? hintZh = null) =>
        new(code, Severity.Warning, en, zh, hintEn, hintZh);

    // Syntax
    public static readonly DiagnosticDescriptor UnexpectedToken = E("PL0001",
        "unexpected {0}", "此处不应出现 {0}", "expected {1}", "应为 {1}");
    public static readonly DiagnosticDescriptor MissingToken = E("PL0009",
        "expected {0}", "此处缺少 {0}");
    public static readonly DiagnosticDescriptor BadCharacter = E("PL0002",
        "character '{0}' is not part of the policy language", "字符 '{0}' 不属于策略语言");
    public static readonly DiagnosticDescriptor UnterminatedString = E("PL0003",
        "string is not closed before the end of the line", "字符串在行末之前没有结束", "add a closing \"", "补上结尾的 \"");
    public static readonly DiagnosticDescriptor InvalidLiteral = E("PL0004",
        "'{0}' is not a valid {1}", "'{0}' 不是有效的{1}");
    public static readonly DiagnosticDescriptor DuplicateClause = E("PL0005",
        "'{0}' is given more than once", "'{0}' 重复出现");
    public static readonly DiagnosticDescriptor MissingClause = E("PL0006",
        "'{0}' needs a '{1}' clause", "'{0}' 缺少 '{1}' 子句");
    public static readonly DiagnosticDescriptor MissingHeader = E("PL0007",
        "a policy file must start with 'policy NAME' (or 'library NAME' for a file meant to be included)",
        "策略文件应以 'policy 名称' 开头（被引用的文件以 'library 名称' 开头）");
    public static readonly DiagnosticDescriptor UnknownPeriodKind = E("PL0008",
        "unknown period '{0}'", "未知的考核周期 '{0}'", "use month, quarter, half or year", "可用 month、quarter、half、year");

    public static readonly DiagnosticDescriptor NestingTooDeep = E("PL0010",
        "nested too deeply (more than {0} levels)", "嵌套过深（超过 {0} 层）",
        "split the expression into named 'let' definitions", "把表达式拆成若干个 'let' 定义");

    public static readonly DiagnosticDescriptor ReservedWord = E("PL0011",
        "'{0}' is a reserved word of the policy language and cannot be a name", "'{0}' 是策略语言的保留字，不能用作名称",
        "choose another name, e.g. '{0}值' or a Chinese name", "请换一个名称，例如 '{0}值' 或中文名称");

    // Names
    public static readonly DiagnosticDescriptor UndefinedName = E("PL0101",
        "'{0}' is not defined", "'{0}' 未定义");
    /// <summary><see cref="UndefinedName"/> with the closest declared names of the right kind.</summary>
    public static readonly DiagnosticDescriptor UndefinedNameSuggesting = E("PL0101",
        "'{0}' is not defined", "'{0}' 未定义", "did you mean {1}?", "是否想写 {1}？");
    public static readonly DiagnosticDescriptor DuplicateName = E("PL0102",
        "'{0}' is already declared at {1}", "'{0}' 已在 {1} 声明");
    public static readonly DiagnosticDescriptor UnknownType = E("PL0103",
        "unknown type '{0}'", "未知类型 '{0}'",
        "use bool, number, points, money, percent, count, duration, date, period, text, an enum or a record",
        "可用 bool、number、points、money、percent、count、duration、date、period、text、枚举或记录");
    public static readonly DiagnosticDescriptor UnknownTypeSuggesting = E("PL0103",
        "unknown type '{0}'", "未知类型 '{0}'", "did you mean {1}?", "是否想写 {1}？");
    public static readonly DiagnosticDescriptor AmbiguousEnumMember = E("PL0104",
        "'{0}' is a value of several enums ({1})", "'{0}' 同时属于多个枚举（{1}）", "write it as ENUM.{0}", "写成 枚举名.{0}");
    public static readonly DiagnosticDescriptor UnknownMember = E("PL0105",
        "'{0}' has no member '{1}'", "'{0}' 没有成员 '{1}'", "members: {2}", "可用成员：{2}");
    public static readonly DiagnosticDescriptor NotAValue = E("PL0106",
        "'{0}' is a {1}, not a value", "'{0}' 是{1}，不是值");
    public static readonly DiagnosticDescriptor UnknownFunction = E("PL0107",
        "'{0}' is not a table or function", "'{0}' 不是表或函数",
        "functions: round, min, max, abs, floor, ceil", "可用函数：round、min、max、abs、floor、ceil");
    public static readonly DiagnosticDescriptor UnknownFunctionSuggesting = E("PL0107",
        "'{0}' is not a table or function", "'{0}' 不是表或函数",
        "did you mean {1}? (functions: round, min, max, abs, floor, ceil)", "是否想写 {1}？（可用函数：round、min、max、abs、floor、ceil）");

    public static readonly DiagnosticDescriptor NameHidesEnumMember = W("PL0108",
        "the {1} '{0}' has the name of a value of enum {2}; a bare '{0}' means the {1}", "'{0}' 既是{1}又是枚举 {2} 的取值；单独写 '{0}' 指的是{1}",
        "write {2}.{0} for the enum value, or rename the {1}", "枚举取值请写成 {2}.{0}，或给{1}改名");

    // Types and units
    public static readonly DiagnosticDescriptor TypeMismatch = E("PL0201",
        "expected {0}, found {1}", "应为 {0}，实为 {1}");
    public static readonly DiagnosticDescriptor UnitMismatch = E("PL0202",
        "cannot {0} {1} and {2}", "{1} 与 {2} 不能做{0}",
        "convert one side first, e.g. multiply points by a money-per-point rate",
        "先换算其中一边，例如用 每分金额 乘以分数");
    public static readonly DiagnosticDescriptor WrongArgumentCount = E("PL0203",
        "'{0}' takes {1} argument(s), found {2}", "'{0}' 需要 {1} 个参数，实有 {2} 个");
    public static readonly DiagnosticDescriptor NotBoolean = E("PL0204",
        "a condition must be true or false; found {0}", "条件应为真/假，实为 {0}");
    public static readonly DiagnosticDescriptor DivisionByZero = E("PL0205",
        "division by zero", "除数为零");
    public static readonly DiagnosticDescriptor NotAList = E("PL0206",
        "'{0}' ranges over a list; found {1}", "'{0}' 需要列表，实为 {1}");
    public static readonly DiagnosticDescriptor NotComparable = E("PL0207",
        "{0} values cannot be ordered", "{0} 类型的值不能比较大小");
    public static readonly DiagnosticDescriptor NotConstant = E("PL0208",
        "{0} must be a constant (literals and parameters only)", "{0} 必须是常量（只能用字面量和参数）");
    public static readonly DiagnosticDescriptor RecordFieldMismatch = E("PL0209",
        "{0} has no field '{1}'", "{0} 没有字段 '{1}'");
    public static readonly DiagnosticDescriptor MissingRecordField = E("PL0210",
        "{0} needs field '{1}'", "{0} 缺少字段 '{1}'");
    public static readonly DiagnosticDescriptor ChainedComparison = E("PL0212",
        "comparisons do not chain: '{0}' compares the true or false of '{1}' with a number", "比较不能连写：'{0}' 是拿 '{1}' 的真假去比较",
        "{2}", "{2}");
    public static readonly DiagnosticDescriptor NotAUnitRatio = E("PL0213",
        "'{0}' is not a ratio of two units: write one of money, points or duration over another", "'{0}' 不是两个单位之比：应为 money、points、duration 中的一个除以另一个",
        "{1}", "{1}");
    public static readonly DiagnosticDescriptor CannotBeOptional = E("PL0214",
        "'{0}' cannot be optional: only inputs and record fields may be left out", "'{0}' 不能是可选的：只有输入和记录字段可以不提供");
    public static readonly DiagnosticDescriptor OptionalWithDefault = E("PL0215",
        "optional '{0}' has a default: left out, an optional input is not given, not a default value",
        "可选输入 '{0}' 不应有默认值：可选输入不提供时就是\"未提供\"，而不是某个默认值",
        "drop 'optional' to use the default when it is left out, or drop the default", "不提供时要用默认值就去掉 'optional'，否则去掉默认值");
    public static readonly DiagnosticDescriptor MayNotBeGiven = E("PL0216",
        "'{0}' is optional and may not be given: test 'given({0})' before reading it", "'{0}' 是可选的，可能未提供：读取前先用 'given({0})' 判断",
        "e.g. 'if given({0}) then {0} else …' or 'given({0}) and {0} > …'", "例如 'if given({0}) then {0} else …' 或 'given({0}) and {0} > …'");
    public static readonly DiagnosticDescriptor AlwaysGiven = E("PL0217",
        "'given' takes an optional input or record field, such as 'given(复评分)'; '{0}' is not one", "'given' 的参数应为可选输入或记录字段，例如 'given(复评分)'；'{0}' 不是");
    public static readonly DiagnosticDescriptor RecordValueInRule = E("PL0211",
        "a record value can only be written in a test or as a default, not in a rule",
        "记录值只能写在测试或默认值中，不能写在规则里",
        "give each field its own 'let'", "为每个字段分别写一个 'let'");

    // Definitions
    public static readonly DiagnosticDescriptor DefinitionCycle = E("PL0301",
        "'{0}' depends on itself: {1}", "'{0}' 循环依赖自身：{1}");
    public static readonly DiagnosticDescriptor DerivationTooDeep = E("PL0302",
        "'{0}' is derived through too long a chain: evaluating it nests {1} steps of rules and expressions (at most {2})",
        "'{0}' 的推导链过长：计算它要嵌套 {1} 层规则与表达式（最多 {2} 层）",
        "compute intermediate results in fewer, wider steps (e.g. one sum instead of a chain of additions)",
        "减少中间步骤的层数（例如用一次求和代替逐个相加的长链）");

    // Tables
    public static readonly DiagnosticDescriptor EnumNotCovered = E("PL0401",
        "table '{0}' has no row for {1}", "表 '{0}' 没有 {1} 的行", "add the rows or an 'else' row", "补上这些行或 'else' 行");
    public static readonly DiagnosticDescriptor TableGap = E("PL0402",
        "table '{0}' has no row for {1}", "表 '{0}' 中 {1} 时没有对应行",
        "add a row or an 'else' row", "补上一行或 'else' 行");
    public static readonly DiagnosticDescriptor TableOverlap = E("PL0403",
        "rows {1} and {2} of unique table '{0}' both match {3}", "唯一命中表 '{0}' 的第 {1} 行与第 {2} 行同时匹配 {3}",
        "make the rows disjoint or use 'first'", "让各行互不重叠，或改用 'first'");
    public static readonly DiagnosticDescriptor UnreachableRow = E("PL0404",
        "row {1} of table '{0}' can never match: earlier rows cover it", "表 '{0}' 的第 {1} 行永远不会命中：前面的行已覆盖");
    public static readonly DiagnosticDescriptor CellCount = E("PL0405",
        "row has {1} cell(s), table '{0}' has {2} column(s)", "该行有 {1} 格，表 '{0}' 有 {2} 列");
    public static readonly DiagnosticDescriptor ElseNotLast = E("PL0406",
        "'else' must be the last row of table '{0}'", "'else' 必须是表 '{0}' 的最后一行");
    public static readonly DiagnosticDescriptor CellNamesItsColumn = E("PL0408",
        "a cell already compares its column '{0}': write '{1}', not '{2}'", "单元格已经在比较所在列 '{0}'：应写 '{1}'，不要写 '{2}'");
    public static readonly DiagnosticDescriptor CollectSumType = E("PL0407",
        "a 'collect sum' table must produce numbers; '{0}' produces {1}", "'collect sum' 表必须产生数值；'{0}' 产生 {1}");

    // Scorecards
    public static readonly DiagnosticDescriptor MaximaDoNotAddUp = E("PL0501",
        "item maxima of scorecard '{0}' add up to {1}, but it is out of {2}", "评分表 '{0}' 各项满分合计 {1}，但总分为 {2}");
    public static readonly DiagnosticDescriptor ItemCanExceedMax = W("PL0502",
        "item '{0}' can exceed its maximum {2}: it can reach {1}", "项目 '{0}' 可能超过满分 {2}：最高可达 {1}",
        "add 'cap {2}' or change the formula", "加上 'cap {2}' 或修改公式");
    public static readonly DiagnosticDescriptor ItemCanGoNegative = W("PL0503",
        "item '{0}' can fall below zero: it can reach {1}", "项目 '{0}' 可能低于零：最低可达 {1}",
        "add 'floor 0' if the item cannot be negative", "如该项不能为负，加上 'floor 0'");
    public static readonly DiagnosticDescriptor FloorAboveCap = E("PL0504",
        "floor {0} is above cap {1}", "下限 {0} 高于上限 {1}");

    // Parameters
    public static readonly DiagnosticDescriptor ConstraintViolated = E("PL0601",
        "constraint '{0}' does not hold{1}", "约束 '{0}' 不成立{1}");
    public static readonly DiagnosticDescriptor ValueOutOfRange = E("PL0602",
        "{0} is {1}, outside {2}..{3}", "{0} 为 {1}，超出 {2}..{3}");
    public static readonly DiagnosticDescriptor DatedValuesOrder = E("PL0603",
        "dated values of '{0}' must be in date order without repeats", "'{0}' 的分段取值必须按日期递增且不重复");
    public static readonly DiagnosticDescriptor InputConstraintReads = E("PL0605",
        "constraint '{0}' reads inputs, so it is checked on each fact set before any rule: it cannot read '{1}', {2}",
        "约束 '{0}' 读取输入，会在任何规则之前检查每组事实：不能读取 '{1}'（{2}）",
        "write the condition over inputs and parameters only; a condition on computed values is a 'gate'",
        "条件只能使用输入和参数；对计算结果的条件请写成 'gate'");
    public static readonly DiagnosticDescriptor EmptyRange = E("PL0604",
        "the range of '{0}' is empty: {1} is above {2}", "'{0}' 的取值范围为空：{1} 大于 {2}",
        "write the lower bound first", "先写下限");

    // Unused
    public static readonly DiagnosticDescriptor UnusedInput = W("PL0701",
        "input '{0}' is never used", "输入 '{0}' 未被使用");
    public static readonly DiagnosticDescriptor UnusedDefinition = W("PL0702",
        "'{0}' is never used", "'{0}' 未被使用");

    // Levels, history, populations
    public static readonly DiagnosticDescriptor LevelOrder = E("PL0801",
        "levels of '{0}' must follow the order of {1}: {2}", "'{0}' 的等级必须按 {1} 的顺序排列：{2}");
    public static readonly DiagnosticDescriptor LevelNotInEnum = E("PL0802",
        "'{0}' is not a value of {1}", "'{0}' 不是 {1} 的取值");
    public static readonly DiagnosticDescriptor PromotionStep = E("PL0803",
        "a promotion step must be a whole number of levels, at least 1", "晋升步长必须是不小于 1 的整数");
    public static readonly DiagnosticDescriptor ShareNotInEnum = E("PL0804",
        "distribution '{0}' must give a share to every value of {1}, in order: {2}", "分布 '{0}' 必须按顺序给 {1} 的每个取值一个比例：{2}");
    public static readonly DiagnosticDescriptor NoHistory = E("PL0805",
        "'{0}' reads earlier periods, but the policy declares no period", "'{0}' 读取往期结果，但策略未声明考核周期");
    public static readonly DiagnosticDescriptor NeedsEnumType = E("PL0806",
        "'{0}' must produce an enum; found {1}", "'{0}' 必须产生枚举值，实为 {1}");
    public static readonly DiagnosticDescriptor SharesTooLarge = E("PL0807",
        "the shares of distribution '{0}' add up to more than {1}", "分布 '{0}' 的比例之和超过 {1}",
        "write the ratio in small parts, e.g. 2 : 7 : 1", "用较小的份数写比例，例如 2 : 7 : 1");

    // Outputs
    public static readonly DiagnosticDescriptor MoneyWithoutRounding = E("PL0901",
        "money output '{0}' does not state its rounding", "金额输出 '{0}' 没有说明舍入方式",
        "add 'round 0.01' (half_up by default) or 'round 1 half_even'", "加上 'round 0.01'（默认四舍五入）或 'round 1 银行家舍入'");
    public static readonly DiagnosticDescriptor UnknownRoundingMode = E("PL0902",
        "unknown rounding mode '{0}'", "未知的舍入方式 '{0}'", "use half_up, half_even, up or down", "可用 四舍五入、银行家舍入、进位、舍去（或 half_up、half_even、up、down）");
    public static readonly DiagnosticDescriptor VetoTarget = E("PL0903",
        "veto '{0}' can only set outputs; '{1}' is not one", "否决规则 '{0}' 只能设置输出；'{1}' 不是输出");
    public static readonly DiagnosticDescriptor NoOutputs = W("PL0904",
        "policy '{0}' declares no output", "策略 '{0}' 没有声明任何输出");

    // Tests and includes
    public static readonly DiagnosticDescriptor IncludeNotFound = E("PL1001",
        "cannot read included file '{0}'", "无法读取被引用的文件 '{0}'");
    public static readonly DiagnosticDescriptor IncludeNotLibrary = E("PL1002",
        "'{0}' is a policy, not a library; only 'library' files can be included", "'{0}' 是策略而不是库；只能引用 'library' 文件");
    public static readonly DiagnosticDescriptor IncludeCycle = E("PL1003",
        "'{0}' includes itself", "'{0}' 循环引用自身");
    public static readonly DiagnosticDescriptor TestUnknownOutput = E("PL1004",
        "test '{0}' expects '{1}', which is not an output", "测试 '{0}' 期望 '{1}'，但它不是输出");
    public static readonly DiagnosticDescriptor TestNeedsGiven = E("PL1005",
        "test '{0}' needs a 'given' block and an 'expect' block", "测试 '{0}' 需要 'given' 和 'expect'");
    public static readonly DiagnosticDescriptor NotAnInputConstraint = E("PL1007",
        "test '{0}' expects '{1}' to be violated, but {2}", "测试 '{0}' 期望 '{1}' 被违反，但{2}");
    public static readonly DiagnosticDescriptor ViolationWithOutputs = E("PL1008",
        "test '{0}' expects its facts to be rejected, so it cannot expect outputs too", "测试 '{0}' 期望事实被拒绝，就不能同时期望输出",
        "write the outputs in a test of their own", "把期望的输出写在另一个测试里");
    public static readonly DiagnosticDescriptor DuplicateTest = E("PL1006",
        "there is already a test named '{0}'", "已有名为 '{0}' 的测试");

    public static IReadOnlyList<DiagnosticDescriptor> All { get; } = typeof(DiagnosticCodes)
        .GetFields(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)
        .Where(f => f.FieldType == typeof(DiagnosticDescriptor))
        .Select(f => (DiagnosticDescriptor)f.GetValue(null)!)
        .OrderBy(d => d.Code, StringComparer.Ordinal)
        .ToArray();
}
