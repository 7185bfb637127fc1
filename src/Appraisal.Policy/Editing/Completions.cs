using System.Collections.Immutable;
using Appraisal.Policy.Semantics;
using Appraisal.Policy.Syntax;
using Appraisal.Policy.Syntax.Generated;

namespace Appraisal.Policy.Editing;

/// <summary>What may be written at a place in a policy; see <see cref="LanguageService.Completion"/>.</summary>
internal static class Completions
{
    /// <summary>The language's keywords, as the lexer knows them.</summary>
    private static readonly ImmutableArray<string> Keywords =
    [
        .. Enumerable.Range(1, ((Antlr4.Runtime.Vocabulary)PolicyLexer.DefaultVocabulary).getMaxTokenType())
            .Select(t => PolicyLexer.DefaultVocabulary.GetLiteralName(t))
            .Where(l => l is { Length: > 2 } && l[0] == '\'' && l[1..^1].All(char.IsAsciiLetter))
            .Select(l => l![1..^1])
            .Distinct()
            .Order(StringComparer.Ordinal),
    ];

    private static readonly ImmutableArray<string> Functions = ["round", "min", "max", "abs", "floor", "ceil", "given"];

    private static readonly ImmutableArray<(string Unit, string Detail)> Units =
    [
        ("yuan", "money"), ("元", "money"), ("pts", "points"), ("分", "points"), ("%", "percent"),
        ("min", "duration"), ("h", "duration"), ("d", "duration"), ("分钟", "duration"), ("小时", "duration"), ("天", "duration"),
    ];

    /// <summary>A snippet for each construct (the protocol's snippet syntax).</summary>
    private static readonly ImmutableArray<(string Label, string Detail, string Body)> Snippets =
    [
        ("policy", "policy header", "policy ${1:名称}\n  version ${2:2026.1}\n  period ${3|month,quarter,half,year|}\n"),
        ("library", "library header", "library ${1:名称}\n"),
        ("include", "include a library", "include \"${1:library.policy}\""),
        ("source", "citation", "source \"${1:制度文件第 1 条}\""),
        ("enum", "enum", "enum ${1:等级} { ${2:优}, ${3:良}, ${0:差} }"),
        ("record", "record type", "record ${1:名称} {\n  ${2:字段}: ${0:number}\n}"),
        ("input", "inputs", "input {\n  ${1:名称}: ${2:count} = ${0:0}\n}"),
        ("param", "parameter", "param ${1:名称}: ${2:money} = ${0:0 yuan}"),
        ("constraint", "constraint", "constraint ${1:名称}: ${2:条件} \"${0:说明}\""),
        ("table", "decision table", "table ${1:名称}(${2:x}: ${3:percent}) -> ${4:points} first {\n  ${5:<= 5%} => ${6:30}\n  else => ${0:0}\n}"),
        ("let", "definition", "let ${1:名称} = ${0:表达式}"),
        ("scorecard", "scorecard", "scorecard ${1:考核} out of ${2:100} {\n  item ${3:名称} max ${4:20} = ${0:表达式}\n}"),
        ("gate", "gate", "gate ${1:合格}: ${2:条件} otherwise \"${0:说明}\""),
        ("veto", "veto", "veto ${1:名称} when ${2:条件} {\n  ${3:输出} = ${0:0}\n} \"说明\""),
        ("levels", "levels", "levels ${1:名称}: ${2:等级} {\n  ${3:优} {\n    ${0:条件}\n  }\n}"),
        ("escalation", "escalation", "escalation ${1:名称}: percent {\n  start ${2:10%}\n  step ${3:5%} when ${4:条件}\n  cap ${0:20%}\n}"),
        ("rank", "ranking", "rank ${1:名称} by ${0:表达式}"),
        ("select", "selection", "select ${1:名称} by ${2:表达式} highest"),
        ("output", "output", "output ${1:名称}: ${2:money} round ${3:0.01} = ${0:表达式}"),
        ("test", "test", "test \"${1:说明}\" {\n  given { ${2:输入}: ${3:0} }\n  expect { ${4:输出}: ${0:0} }\n}"),
    ];

    public static ImmutableArray<CompletionEntry> At(string text, int offset, SemanticModel? model)
    {
        offset = Math.Clamp(offset, 0, text.Length);
        var start = offset;
        while (start > 0 && IsNameChar(text[start - 1])) start--;

        if (start > 0 && text[start - 1] == '.')
        {
            var targetEnd = start - 1;
            var targetStart = targetEnd;
            while (targetStart > 0 && IsNameChar(text[targetStart - 1])) targetStart--;
            return model is null ? [] : MembersOf(text[targetStart..targetEnd], model);
        }

        var before = SkipBlanks(text, start);
        var (op, opStart) = OperatorBefore(text, before);
        if (op is not null)
        {
            var nameEnd = SkipBlanks(text, opStart);
            var nameStart = nameEnd;
            while (nameStart > 0 && IsNameChar(text[nameStart - 1])) nameStart--;
            if (model is not null && EnumOfValue(text[nameStart..nameEnd], model) is { } enumDecl) return Members(enumDecl);
            if (op == ":" && IsTypePosition(text, nameStart)) return Types(model);
        }
        return Everything(model);
    }

    private static bool IsNameChar(char c) => char.IsLetterOrDigit(c) || c == '_' || char.IsSurrogate(c);

    private static int SkipBlanks(string text, int end)
    {
        while (end > 0 && text[end - 1] is ' ' or '\t' or '\u3000') end--;
        return end;
    }

    /// <summary>A comparison or a field's colon just before <paramref name="end"/>: <c>==</c>, <c>!=</c>, <c>≠</c>, <c>=</c>, <c>:</c>.</summary>
    private static (string? Op, int Start) OperatorBefore(string text, int end)
    {
        foreach (var op in new[] { "==", "!=", "≠", "=", ":", "：" })
        {
            if (end >= op.Length && string.CompareOrdinal(text, end - op.Length, op, 0, op.Length) == 0)
            {
                if (op == "=" && end >= 2 && text[end - 2] is '<' or '>' or '=' or '!') continue;
                return (op == "：" ? ":" : op, end - op.Length);
            }
        }
        return (null, end);
    }

    /// <summary>A colon that declares a field's type: the name before it starts a line or follows <c>{</c>, a comma or a keyword.</summary>
    private static bool IsTypePosition(string text, int nameStart)
    {
        var before = SkipBlanks(text, nameStart);
        if (before == 0 || text[before - 1] is '\n' or '\r' or '{' or ',' or ';' or '(') return true;
        var wordStart = before;
        while (wordStart > 0 && IsNameChar(text[wordStart - 1])) wordStart--;
        return text[wordStart..before] is "param" or "let" or "levels" or "escalation" or "distribute" or "output";
    }

    /// <summary>The enum declaration whose values a name of that type takes (an input, a rule's result, a record field).</summary>
    private static EnumDecl? EnumOfValue(string name, SemanticModel model) =>
        name.Length > 0 && model.Globals.TryGetValue(name, out var symbol) && model.TypeOf(symbol) is EnumType type
            ? EnumNamed(type.Name, model)
            : null;

    private static EnumDecl? EnumNamed(string name, SemanticModel model) =>
        model.TypeSymbols.TryGetValue(name, out var symbol) && symbol.Declaration is EnumDecl decl ? decl : null;

    private static ImmutableArray<CompletionEntry> Members(EnumDecl decl) =>
        [.. decl.Members.Where(m => m.Text.Length > 0).Select(m => new CompletionEntry(m.Text, CompletionKind.EnumMember, decl.Name.Text))];

    private static ImmutableArray<CompletionEntry> MembersOf(string target, SemanticModel model)
    {
        if (EnumNamed(target, model) is { } enumDecl) return Members(enumDecl);
        if (!model.Globals.TryGetValue(target, out var symbol)) return [];
        if (symbol.Declaration is ScorecardDecl scorecard)
        {
            return [new CompletionEntry("score", CompletionKind.Field, "points"), new CompletionEntry("max", CompletionKind.Field, "points"),
                .. scorecard.Entries.Where(e => e.Name.Text.Length > 0).Select(e => new CompletionEntry(e.Name.Text, CompletionKind.Field, "points"))];
        }
        return model.TypeOf(symbol) is RecordType record
            ? [.. record.Fields.Select(f => new CompletionEntry(f.Name, CompletionKind.Field, f.Type.Display))]
            : [];
    }

    private static ImmutableArray<CompletionEntry> Types(SemanticModel? model) =>
    [
        .. PolicyType.BuiltIn.Keys.Order(StringComparer.Ordinal).Select(t => new CompletionEntry(t, CompletionKind.Type, "built-in type")),
        new CompletionEntry("list of", CompletionKind.Type, "list type"),
        .. (model?.TypeSymbols.Values ?? Enumerable.Empty<Symbol>()).Where(s => s.Name.Length > 0)
            .Select(s => new CompletionEntry(s.Name, CompletionKind.Type, s.KindName)),
    ];

    private static ImmutableArray<CompletionEntry> Everything(SemanticModel? model)
    {
        var entries = ImmutableArray.CreateBuilder<CompletionEntry>();
        if (model is not null)
        {
            foreach (var symbol in model.Globals.Values.Where(s => s.Name.Length > 0))
            {
                var type = model.TypeOf(symbol);
                var detail = type == PolicyType.Error ? symbol.KindName : $"{symbol.KindName}: {type.Display}";
                entries.Add(new CompletionEntry(symbol.Name, symbol.Kind == SymbolKind.Table ? CompletionKind.Table : CompletionKind.Value, detail));
            }
            foreach (var type in model.TypeSymbols.Values.Where(s => s.Name.Length > 0))
            {
                entries.Add(new CompletionEntry(type.Name, type.Kind == SymbolKind.Enum ? CompletionKind.Enum : CompletionKind.Type, type.KindName));
                if (type.Declaration is EnumDecl decl) entries.AddRange(Members(decl));
            }
        }
        entries.AddRange(Functions.Select(f => new CompletionEntry(f, CompletionKind.Function, "function")));
        entries.AddRange(Keywords.Select(k => new CompletionEntry(k, CompletionKind.Keyword)));
        entries.AddRange(Snippets.Select(s => new CompletionEntry(s.Label, CompletionKind.Snippet, s.Detail, s.Body)));
        entries.AddRange(Units.Select(u => new CompletionEntry(u.Unit, CompletionKind.Unit, u.Detail)));
        return entries.ToImmutable();
    }
}
