using Appraisal.Policy.Syntax;

namespace Appraisal.Policy.Semantics;

/// <summary>A named thing a policy declares; <see cref="Declaration"/> is where it is declared.</summary>
public sealed class Symbol(string name, SymbolKind kind, Node declaration, Symbol? parent = null)
{
    public string Name { get; } = name;
    public SymbolKind Kind { get; } = kind;
    public Node Declaration { get; } = declaration;
    /// <summary>The enum of an enum member, the scorecard of an item.</summary>
    public Symbol? Parent { get; } = parent;
    public Name NameNode => Declaration switch
    {
        NamedDeclaration d => d.Name,
        ScorecardEntry e => e.Name,
        _ => new Name(Name, Declaration.Span),
    };

    /// <summary>Is this a rule whose value is computed per subject (and so can take part in a dependency cycle)?</summary>
    public bool IsComputed => Kind is SymbolKind.Definition or SymbolKind.Scorecard or SymbolKind.Gate or SymbolKind.Veto
        or SymbolKind.Levels or SymbolKind.Escalation or SymbolKind.Rank or SymbolKind.Distribution or SymbolKind.Selection
        or SymbolKind.Output;

    public string KindName => Kind switch
    {
        SymbolKind.Input => "input",
        SymbolKind.Parameter => "parameter",
        SymbolKind.Constraint => "constraint",
        SymbolKind.Enum => "enum",
        SymbolKind.EnumMember => "enum value",
        SymbolKind.Record => "record type",
        SymbolKind.Table => "table",
        SymbolKind.Definition => "definition",
        SymbolKind.Scorecard => "scorecard",
        SymbolKind.ScorecardItem => "scorecard item",
        SymbolKind.Gate => "gate",
        SymbolKind.Veto => "veto",
        SymbolKind.Levels => "levels",
        SymbolKind.Escalation => "escalation",
        SymbolKind.Rank => "ranking",
        SymbolKind.Distribution => "distribution",
        SymbolKind.Selection => "selection",
        SymbolKind.Output => "output",
        _ => "local name",
    };

    /// <summary>The kind in Chinese, as messages name it.</summary>
    public string KindNameZh => Kind switch
    {
        SymbolKind.Input => "输入",
        SymbolKind.Parameter => "参数",
        SymbolKind.Constraint => "约束",
        SymbolKind.Enum => "枚举",
        SymbolKind.EnumMember => "枚举值",
        SymbolKind.Record => "记录类型",
        SymbolKind.Table => "表",
        SymbolKind.Definition => "定义",
        SymbolKind.Scorecard => "评分表",
        SymbolKind.ScorecardItem => "评分项",
        SymbolKind.Gate => "关卡",
        SymbolKind.Veto => "否决规则",
        SymbolKind.Levels => "等级评定",
        SymbolKind.Escalation => "递进规则",
        SymbolKind.Rank => "排名",
        SymbolKind.Distribution => "分布",
        SymbolKind.Selection => "评选",
        SymbolKind.Output => "输出",
        _ => "局部名称",
    };

    /// <summary>The kind with its article: "an output", "a definition".</summary>
    public string KindWithArticle => ("aeiou".Contains(KindName[0]) ? "an " : "a ") + KindName;

    public override string ToString() => Name;
}
