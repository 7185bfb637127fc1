using System.Text;
using Appraisal.Policy.Diagnostics;
using Appraisal.Policy.Editing;
using Appraisal.Policy.Semantics;
using Appraisal.Policy.Text;
using Appraisal.Policy.Tooling;

namespace Appraisal.Policy.Tests.Editing;

/// <summary>The host-neutral language service: what an editor is told about an open policy.</summary>
public sealed class LanguageServiceTests : IDisposable
{
    private const string Policy = """
        policy 售后考核
          period month

        source "售后制度第 3 条"
        enum 岗位 { 客服, 组长 }

        input {
          岗位: 岗位 "员工岗位"
          退款率: percent in 0%..100% "当月退款率"
        }

        param 底薪: money {
          2026-01-01 => 2000 yuan
          2026-07-01 => 2200 yuan
        }

        table 退款率分(r: percent) -> points first {
          <= 5%  => 30
          <= 8%  => 20
          else   => 0
        }

        output 得分: points = 退款率分(退款率)
        output 工资: money round 0.01 = if 岗位 == 组长 then 底薪 else 底薪 * 0.9
        """;

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "policy-editing-tests-" + Guid.NewGuid().ToString("N"));
    private readonly LanguageService _service = new();

    public LanguageServiceTests() => Directory.CreateDirectory(_folder);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string UriOf(string name) => new Uri(Path.Combine(_folder, name)).AbsoluteUri;

    /// <summary>The editor position of the <paramref name="nth"/> occurrence of <paramref name="text"/> (plus <paramref name="plus"/> code units).</summary>
    private static LinePosition At(string document, string text, int nth = 0, int plus = 0)
    {
        var index = -1;
        for (var i = 0; i <= nth; i++)
        {
            index = document.IndexOf(text, index + 1, StringComparison.Ordinal);
            Assert.True(index >= 0, $"'{text}' (#{i}) is not in the document");
        }
        return new LineMap(document).Position(index + plus);
    }

    private string Open(string text, string name = "售后.policy", int version = 1)
    {
        var uri = UriOf(name);
        _service.Open(uri, version, text);
        return uri;
    }

    [Fact]
    public void The_example_policy_checks_without_errors()
    {
        var uri = Open(Policy);
        Assert.DoesNotContain(_service.Diagnostics(uri, Language.En), d => d.IsError);
        Assert.True(_service.Document(uri)!.IsResolved);
    }

    [Theory]
    [InlineData(Language.En)]
    [InlineData(Language.Zh)]
    public void Diagnostics_are_those_policy_check_reports_for_the_same_text(Language language)
    {
        var text = Policy.Replace("= 退款率分(退款率)", "= 退款率分(退款)").Replace("if 岗位 == 组长", "if 岗位 == 组長 and 得分 > 1 yuan");
        var uri = Open(text);
        var path = LanguageService.PathOf(uri)!;
        var expected = PolicyChecker.Check([new SourceText(path, text)]).Diagnostics
            .Select(d => (d.StartPosition(), d.EndPosition(), d.IsError, d.Code, d.Message(language), d.Hint(language)))
            .ToList();

        var actual = _service.Diagnostics(uri, language)
            .Select(d => ((d.Range.Start.Line + 1, d.Range.Start.Character + 1), (d.Range.End.Line + 1, d.Range.End.Character + 1), d.IsError, d.Code, d.Message, d.Hint))
            .ToList();

        Assert.True(expected.Count >= 3, string.Join("\n", expected));
        Assert.Equal(expected, actual);
        Assert.Contains(actual, d => d.Code == "PL0101" && d.Hint is not null); // with its "did you mean"
    }

    [Fact]
    public void Positions_after_Chinese_text_and_an_emoji_count_UTF16_code_units()
    {
        var text = Policy + "\noutput 乙: points = if \"😀笑\" == \"a\" then 未知 else 0\n";
        var uri = Open(text);
        var diagnostic = Assert.Single(_service.Diagnostics(uri, Language.En), d => d.Code == "PL0101");
        var line = text.Split('\n').Length - 2;
        var column = text.Split('\n')[line].IndexOf("未知", StringComparison.Ordinal);
        Assert.Equal(new LineRange(new LinePosition(line, column), new LinePosition(line, column + 2)), diagnostic.Range);
        // policy check counts the same columns, from 1
        var checkedDiagnostic = Checker.Check(new SourceText("x.policy", text)).Diagnostics.Single(d => d.Code == "PL0101");
        Assert.Equal((line + 1, column + 1), checkedDiagnostic.Span.StartPosition);
    }

    [Fact]
    public void Hover_over_an_input_shows_its_kind_type_range_description_and_citation()
    {
        var uri = Open(Policy);
        var hover = _service.Hover(uri, At(Policy, "退款率)", plus: 1), Language.En);
        Assert.NotNull(hover);
        Assert.Contains("(input) **退款率**: `percent`", hover.Markdown);
        Assert.Contains("range: `0%..100%`", hover.Markdown);
        Assert.Contains("当月退款率", hover.Markdown);
        Assert.Contains("source: 售后制度第 3 条", hover.Markdown);
        Assert.Equal(At(Policy, "退款率)"), hover.Range.Start);

        var zh = _service.Hover(uri, At(Policy, "退款率)"), Language.Zh)!;
        Assert.Contains("(输入) **退款率**", zh.Markdown);
        Assert.Contains("取值范围：`0%..100%`", zh.Markdown);
    }

    [Fact]
    public void Hover_over_a_table_shows_its_rows_and_over_a_parameter_its_dated_values()
    {
        var uri = Open(Policy);
        var table = _service.Hover(uri, At(Policy, "退款率分(退款率)"), Language.En)!;
        Assert.Contains("(table) **退款率分**", table.Markdown);
        Assert.Contains("table 退款率分(r: percent) -> points first", table.Markdown);
        Assert.Contains("3 row(s):", table.Markdown);
        Assert.Contains("<= 8%  => 20", table.Markdown);
        Assert.Contains("else   => 0", table.Markdown);

        var parameter = _service.Hover(uri, At(Policy, "底薪 else"), Language.En)!;
        Assert.Contains("(parameter) **底薪**: `money`", parameter.Markdown);
        Assert.Contains("- 2026-01-01 ⇒ `2000 yuan`", parameter.Markdown);
        Assert.Contains("- 2026-07-01 ⇒ `2200 yuan`", parameter.Markdown);
    }

    [Fact]
    public void Hover_over_an_enum_value_names_its_enum()
    {
        var uri = Open(Policy);
        var hover = _service.Hover(uri, At(Policy, "组长 then"), Language.En)!;
        Assert.Contains("(enum value) **组长**: `岗位`", hover.Markdown);
        Assert.Contains("a value of enum `岗位`", hover.Markdown);
    }

    [Fact]
    public void Hover_over_blank_space_or_a_keyword_shows_nothing()
    {
        var uri = Open(Policy);
        Assert.Null(_service.Hover(uri, At(Policy, "output"), Language.En));
        Assert.Null(_service.Hover(uri, new LinePosition(2, 0), Language.En));
        Assert.Null(_service.Hover(UriOf("not-open.policy"), new LinePosition(0, 0), Language.En));
    }

    [Fact]
    public void Definition_leads_to_the_declaration_and_references_find_every_use()
    {
        var uri = Open(Policy);
        var definition = _service.Definition(uri, At(Policy, "底薪 else"));
        Assert.Equal(new EditorLocation(uri, new LineRange(At(Policy, "底薪"), At(Policy, "底薪", plus: 2))), definition);

        var references = _service.References(uri, At(Policy, "底薪"), includeDeclaration: false);
        Assert.Equal([At(Policy, "底薪", 1), At(Policy, "底薪", 2)], references.Select(r => r.Range.Start));
        Assert.Equal(3, _service.References(uri, At(Policy, "底薪", 1), includeDeclaration: true).Length);
    }

    [Fact]
    public void Definition_and_references_reach_across_includes()
    {
        const string library = "library 共用\n\nparam 奖金基数: money = 100 yuan \"每月\"\n";
        File.WriteAllText(Path.Combine(_folder, "共用.policy"), library, new UTF8Encoding(false));
        const string policy = "policy 甲\n\ninclude \"共用.policy\"\n\noutput 奖金: money round 0.01 = 奖金基数 * 2\n";
        var uri = Open(policy, "甲.policy");
        Assert.DoesNotContain(_service.Diagnostics(uri, Language.En), d => d.IsError);

        var definition = _service.Definition(uri, At(policy, "奖金基数"))!;
        Assert.Equal(UriOf("共用.policy"), definition.Uri);
        Assert.Equal(At(library, "奖金基数"), definition.Range.Start);

        // A second policy including the same library, open beside the first: its use is found too.
        var other = Open("policy 乙\ninclude \"共用.policy\"\noutput 乙奖: money round 0.01 = 奖金基数\n", "乙.policy");
        var references = _service.References(uri, At(policy, "奖金基数"), includeDeclaration: true);
        Assert.Equal([uri, other, UriOf("共用.policy")], references.Select(r => r.Uri));
    }

    [Fact]
    public void Completion_after_an_input_of_enum_type_offers_its_values_while_the_line_is_half_typed()
    {
        var uri = Open(Policy);
        var typing = Policy + "\noutput 丙: points = if 岗位 == ";
        _service.Change(uri, 2, typing);
        Assert.False(_service.Document(uri)!.IsResolved); // the half-typed line does not parse…
        var items = _service.Completion(uri, new LineMap(typing).Position(typing.Length));
        Assert.Equal(["客服", "组长"], items.Select(i => i.Label)); // …but the names of the last good version are known
        Assert.All(items, i => Assert.Equal(CompletionKind.EnumMember, i.Kind));
    }

    [Fact]
    public void Completion_after_an_enum_and_a_dot_offers_its_values_and_after_a_colon_the_types()
    {
        var uri = Open(Policy);
        var dotted = Policy + "\noutput 丙: bool = 岗位 == 岗位.组";
        _service.Change(uri, 2, dotted);
        Assert.Equal(["客服", "组长"], _service.Completion(uri, new LineMap(dotted).Position(dotted.Length)).Select(i => i.Label));

        var typed = Policy + "\nparam 丁: ";
        _service.Change(uri, 3, typed);
        var types = _service.Completion(uri, new LineMap(typed).Position(typed.Length));
        Assert.Contains(types, i => i.Label == "money" && i.Kind == CompletionKind.Type);
        Assert.Contains(types, i => i.Label == "岗位" && i.Kind == CompletionKind.Type);
        Assert.DoesNotContain(types, i => i.Kind == CompletionKind.Keyword);
    }

    [Fact]
    public void Completion_elsewhere_offers_keywords_snippets_declared_names_functions_and_units()
    {
        var uri = Open(Policy);
        var items = _service.Completion(uri, At(Policy, "退款率分(退款率)"));
        Assert.Contains(items, i => i is { Label: "退款率分", Kind: CompletionKind.Table });
        Assert.Contains(items, i => i is { Label: "退款率", Kind: CompletionKind.Value, Detail: "input: percent" });
        Assert.Contains(items, i => i is { Label: "scorecard", Kind: CompletionKind.Keyword });
        Assert.Contains(items, i => i is { Label: "table", Kind: CompletionKind.Snippet } && i.InsertText!.Contains("${1:名称}"));
        Assert.Contains(items, i => i is { Label: "round", Kind: CompletionKind.Function });
        Assert.Contains(items, i => i is { Label: "yuan", Kind: CompletionKind.Unit });
    }

    [Fact]
    public void The_outline_lists_declarations_with_their_members()
    {
        var uri = Open(Policy);
        var outline = _service.Outline(uri);
        Assert.Equal(["岗位", "input", "底薪", "退款率分", "得分", "工资"], outline.Select(s => s.Name));
        var enumSymbol = outline[0];
        Assert.Equal(OutlineKind.Enum, enumSymbol.Kind);
        Assert.Equal(["客服", "组长"], enumSymbol.Children.Select(c => c.Name));
        Assert.Equal(["岗位", "退款率"], outline[1].Children.Select(c => c.Name));
        Assert.Equal(At(Policy, "工资"), outline[^1].NameRange.Start);
        Assert.Equal("money", outline[^1].Detail);
    }

    [Fact]
    public void Formatting_gives_the_canonical_text_as_one_edit_and_nothing_for_a_formatted_or_unparsable_document()
    {
        var messy = Policy.Replace("output 得分: points = 退款率分(退款率)", "output   得分 :points=退款率分( 退款率 )");
        var uri = Open(messy);
        var edit = Assert.Single(_service.Format(uri));
        var expected = PolicyFormatter.Format(new SourceText("x", messy)).Formatted;
        Assert.Equal(expected, edit.NewText);
        Assert.Equal(new LineRange(new LinePosition(0, 0), new LineMap(messy).Position(messy.Length)), edit.Range);

        _service.Change(uri, 2, edit.NewText);
        Assert.Empty(_service.Format(uri));
        _service.Change(uri, 3, "policy 坏\noutput x: points =\n");
        Assert.Empty(_service.Format(uri));
    }

    [Fact]
    public void Range_formatting_changes_only_the_lines_asked_for()
    {
        var messy = Policy
            .Replace("output 得分: points = 退款率分(退款率)", "output   得分 :points=退款率分( 退款率 )")
            .Replace("output 工资: money round 0.01", "output  工资: money  round 0.01");
        var uri = Open(messy);
        var line = At(messy, "output   得分").Line;
        var edit = Assert.Single(_service.FormatRange(uri, new LineRange(new LinePosition(line, 3), new LinePosition(line, 5))));
        Assert.Equal(new LineRange(new LinePosition(line, 0), new LinePosition(line + 1, 0)), edit.Range);
        Assert.Equal("output 得分: points = 退款率分(退款率)\n", edit.NewText);

        // The whole text asked for: every changed line, each its own edit; applied, the text is what fmt gives.
        var all = _service.FormatRange(uri, new LineRange(new LinePosition(0, 0), new LineMap(messy).Position(messy.Length)));
        Assert.Contains(all, e => e.NewText == "output 得分: points = 退款率分(退款率)\n");
        var lines = new LineMap(messy);
        var applied = all.OrderByDescending(e => lines.Offset(e.Range.Start)).Aggregate(messy, (text, e) =>
            string.Concat(text.AsSpan(0, lines.Offset(e.Range.Start)), e.NewText, text.AsSpan(lines.Offset(e.Range.End))));
        Assert.Equal(PolicyFormatter.Format(new SourceText("x", messy)).Formatted, applied);

        // Lines already formatted: nothing to do there.
        Assert.Empty(_service.FormatRange(uri, new LineRange(new LinePosition(0, 0), new LinePosition(2, 0))));
    }

    [Fact]
    public void Code_actions_offer_the_fixes_of_the_diagnostics_in_the_range_in_the_readers_language()
    {
        var text = Policy.Replace("output 得分: points = 退款率分(退款率)", "output 得分: points = 退款率分(退款)")
            .Replace("  else   => 0\n", "");
        var uri = Open(text);
        Assert.Equal(["PL0101", "PL0402"], _service.Diagnostics(uri, Language.En).Select(d => d.Code).Order());

        var line = At(text, "退款)").Line;
        var action = Assert.Single(_service.CodeActions(uri, new LineRange(new LinePosition(line, 0), new LinePosition(line, 0)), Language.En));
        Assert.Equal("Change to '退款率'", action.Title);
        Assert.Equal("PL0101", action.Diagnostic.Code);
        Assert.True(action.IsPreferred);
        var edit = Assert.Single(action.Edits);
        Assert.Equal(new LineRange(At(text, "退款)"), At(text, "退款)", plus: 2)), edit.Range);
        Assert.Equal("退款率", edit.NewText);

        var table = At(text, "退款率分(r");
        var zh = Assert.Single(_service.CodeActions(uri, new LineRange(table, table), Language.Zh));
        Assert.Equal("补上 'else' 行：else => 0", zh.Title);
        Assert.Equal("  else => 0\n", Assert.Single(zh.Edits).NewText);
        Assert.Equal(At(text, "}\n\noutput 得分").Line, Assert.Single(zh.Edits).Range.Start.Line);

        // Nothing to fix on a line without diagnostics.
        var clean = At(text, "param 底薪").Line;
        Assert.Empty(_service.CodeActions(uri, new LineRange(new LinePosition(clean, 0), new LinePosition(clean, 3)), Language.En));
    }

    [Fact]
    public void Semantic_tokens_name_what_each_bound_name_is_and_mark_declarations()
    {
        var uri = Open(Policy);
        var tokens = _service.SemanticTokens(uri);
        SemanticToken TokenAt(string text, int nth = 0)
        {
            var at = At(Policy, text, nth);
            return Assert.Single(tokens, t => t.Line == at.Line && t.Character == at.Character);
        }
        Assert.Equal((SemanticTokenType.Keyword, 6), (TokenAt("policy").Type, TokenAt("policy").Length));
        Assert.Equal((SemanticTokenType.String, SemanticTokenModifiers.None), (TokenAt("\"售后制度").Type, TokenAt("\"售后制度").Modifiers));
        Assert.Equal((SemanticTokenType.Parameter, SemanticTokenModifiers.Declaration), (TokenAt("退款率:").Type, TokenAt("退款率:").Modifiers));
        Assert.Equal((SemanticTokenType.Parameter, SemanticTokenModifiers.None), (TokenAt("退款率)").Type, TokenAt("退款率)").Modifiers));
        Assert.Equal(SemanticTokenType.Function, TokenAt("退款率分(退款率)").Type);
        Assert.Equal(SemanticTokenType.Enum, TokenAt("岗位 {").Type);
        Assert.Equal(SemanticTokenType.EnumMember, TokenAt("组长 then").Type);
        Assert.Equal((SemanticTokenType.Variable, SemanticTokenModifiers.Readonly), (TokenAt("底薪 else").Type, TokenAt("底薪 else").Modifiers));
        Assert.Equal((SemanticTokenType.Property, SemanticTokenModifiers.Declaration), (TokenAt("工资").Type, TokenAt("工资").Modifiers));
        Assert.Equal((SemanticTokenType.Number, 3), (TokenAt("30").Type, TokenAt("5%").Length + 1));
        Assert.Equal((SemanticTokenType.Number, 9), (TokenAt("2000 yuan").Type, TokenAt("2000 yuan").Length));
        // Sorted, never overlapping, each on one line.
        for (var i = 1; i < tokens.Length; i++)
            Assert.True(tokens[i].Line > tokens[i - 1].Line || tokens[i].Character >= tokens[i - 1].Character + tokens[i - 1].Length);

        // A block comment over two lines is a token on each; a text that does not parse still has its keywords.
        _service.Change(uri, 2, "policy 甲\n/* 第一行\n第二行 */\noutput 甲: points = \n");
        var broken = _service.SemanticTokens(uri);
        Assert.Equal([(1, 0, 6), (2, 0, 6)], broken.Where(t => t.Type == SemanticTokenType.Comment).Select(t => (t.Line, t.Character, t.Length)));
        Assert.Contains(broken, t => t is { Line: 3, Character: 0, Type: SemanticTokenType.Keyword });
        Assert.DoesNotContain(broken, t => t.Type == SemanticTokenType.Property);
    }

    [Fact]
    public void A_document_edited_in_steps_is_checked_at_each_version_and_forgotten_when_closed()
    {
        var uri = Open("policy 甲\noutput 甲: points = 乙\n");
        Assert.Equal(["PL0101"], _service.Diagnostics(uri, Language.En).Select(d => d.Code));
        _service.Change(uri, 2, "policy 甲\ninput { 乙: points }\noutput 甲: points = 乙\n");
        Assert.Empty(_service.Diagnostics(uri, Language.En));
        _service.Change(uri, 3, "policy 甲\ninput { 乙: points }\noutput 甲: points = \n");
        Assert.Equal(3, _service.Document(uri)!.Version);
        Assert.Contains(_service.Diagnostics(uri, Language.En), d => d.IsError);
        Assert.True(_service.Close(uri));
        Assert.Empty(_service.Diagnostics(uri, Language.En));
        Assert.Null(_service.Document(uri));
    }

    [Fact]
    public void A_document_that_is_not_a_file_is_checked_without_reading_includes()
    {
        const string uri = "untitled:Untitled-1";
        _service.Open(uri, 1, "policy 甲\ninclude \"共用.policy\"\noutput 甲: points = 1\n");
        Assert.Null(LanguageService.PathOf(uri));
        Assert.Equal(["PL1001"], _service.Diagnostics(uri, Language.En).Where(d => d.IsError).Select(d => d.Code));
    }
}

internal static class DiagnosticPositions
{
    public static (int, int) StartPosition(this Diagnostic d) => d.Span.StartPosition;
    public static (int, int) EndPosition(this Diagnostic d) => d.Span.EndPosition;
}
