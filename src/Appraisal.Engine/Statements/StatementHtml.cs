using System.Globalization;
using System.Text;
using Appraisal.Engine.Values;
using Appraisal.Policy.Diagnostics;
using Appraisal.Policy.Syntax;
using Appraisal.Engine.Evaluation;

namespace Appraisal.Engine.Statements;

/// <summary>
/// Writes statements as one HTML5 document: inline CSS only, A4 when printed, every text escaped (<see cref="Escape"/>).
/// Each subject is an <c>article.statement</c>; the sections carry stable class names and <c>data-*</c> attributes
/// (the item, output and gate names) so that tests and style sheets can find them.
/// </summary>
internal sealed class StatementHtml
{
    private readonly StringBuilder _html = new();
    private readonly bool _zh;

    private StatementHtml(Language language) => _zh = language == Language.Zh;

    private string T(string zh, string en) => _zh ? zh : en;

    public static string Document(IReadOnlyList<(StatementContext Context, StatementModel Model)> statements, Language language)
    {
        var writer = new StatementHtml(language);
        writer.Write(statements);
        return writer._html.ToString();
    }

    private void Write(IReadOnlyList<(StatementContext Context, StatementModel Model)> statements)
    {
        var title = statements.Count == 0 ? "" : Title(statements[0].Model, statements.Count == 1 ? statements[0].Context : statements[0].Context with { Subject = "" });
        _html.Append("<!DOCTYPE html>\n<html lang=\"").Append(_zh ? "zh-CN" : "en").Append("\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<title>").Append(Escape(title)).Append("</title>\n<style>\n").Append(Css).Append("</style>\n</head>\n<body>\n");
        foreach (var (context, model) in statements) Article(context, model);
        _html.Append("</body>\n</html>\n");
    }

    /// <summary>Policy name, subject, period: "绩效得分与系数 · E001 · 2026-05".</summary>
    private static string Title(StatementModel model, StatementContext context) =>
        string.Join(" · ", new[] { model.PolicyName, context.Subject, context.Period }.Where(p => p.Length > 0));

    private void Article(StatementContext context, StatementModel model)
    {
        _html.Append("<article class=\"statement\"");
        if (context.Subject.Length > 0) Attribute("data-subject", context.Subject);
        _html.Append(">\n");
        Header(context, model);
        Outputs(model);
        Scorecards(model);
        Gates(model);
        Levels(model);
        Tables(model);
        Arithmetic(model);
        Citations(model);
        _html.Append("</article>\n");
    }

    private void Header(StatementContext context, StatementModel model)
    {
        _html.Append("<header>\n<p class=\"kind\">").Append(T("考核结果说明", "Appraisal statement")).Append("</p>\n<h1 class=\"policy\">")
            .Append(Escape(model.PolicyName)).Append("</h1>\n<dl class=\"facts\">\n");
        void Field(string cls, string label, string value)
        {
            if (value.Length == 0) return;
            _html.Append("<div class=\"").Append(cls).Append("\"><dt>").Append(label).Append("</dt><dd>").Append(Escape(value)).Append("</dd></div>\n");
        }
        Field("subject", T("考核对象", "Subject"), context.Subject);
        Field("period", T("考核周期", "Period"), context.Period);
        Field("version", T("策略版本", "Policy version"), model.DeclaredVersion);
        Field("hash", T("版本哈希", "Version hash"), context.VersionHash);
        Field("date", T("日期", "Date"), context.Date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "");
        Field("request", T("记录请求", "Recorded request"), context.RequestId);
        _html.Append("</dl>\n");
        foreach (var note in model.Notes) _html.Append("<p class=\"note\">").Append(Escape(note)).Append("</p>\n");
        _html.Append("</header>\n");
    }

    private void Outputs(StatementModel model)
    {
        if (model.Outputs.Count == 0) return;
        _html.Append("<section class=\"outputs\">\n<h2>").Append(T("结果", "Outcome")).Append("</h2>\n<dl>\n");
        foreach (var output in model.Outputs)
        {
            _html.Append("<div class=\"output").Append(output.Missing ? " missing" : "").Append('"');
            Attribute("data-output", output.Name);
            if (output.Number is { } number) Attribute("data-value", Plain(number));
            _html.Append("><dt>").Append(Escape(output.Name)).Append("</dt><dd class=\"value\">").Append(Escape(output.Shown)).Append("</dd></div>\n");
        }
        _html.Append("</dl>\n</section>\n");
    }

    private void Scorecards(StatementModel model)
    {
        if (model.Scorecards.Count == 0) return;
        _html.Append("<section class=\"scorecards\">\n<h2>").Append(T("评分", "Scores")).Append("</h2>\n");
        foreach (var card in model.Scorecards)
        {
            _html.Append("<div class=\"scorecard\"");
            Attribute("data-scorecard", card.Name);
            _html.Append(">\n<h3>").Append(Escape(card.Name)).Append(" <span class=\"total\">")
                .Append(T($"{Plain(card.Score)} 分（满分 {Plain(card.Max)} 分）", $"{Plain(card.Score)} of {Plain(card.Max)} points")).Append("</span></h3>\n");
            Bar("total-bar", card.Name, card.Score, card.Max);
            var items = card.Entries.Where(e => e.Kind == EntryKind.Item).ToList();
            if (items.Count > 0)
            {
                _html.Append("<ul class=\"items\">\n");
                foreach (var item in items) Item(item);
                _html.Append("</ul>\n");
            }
            Adjustments(card.Entries, EntryKind.Deduct, "deductions", T("扣分", "Deductions"));
            Adjustments(card.Entries, EntryKind.Add, "additions", T("加分", "Additions"));
            if (card.Floor is { } floor && card.Score == floor)
                _html.Append("<p class=\"floor\">").Append(T($"合计不低于 {Plain(floor)} 分", $"the total is not below {Plain(floor)} points")).Append("</p>\n");
            _html.Append("</div>\n");
        }
        _html.Append("</section>\n");
    }

    private void Item(StatementEntry item)
    {
        _html.Append("<li class=\"item\"");
        Attribute("data-item", item.Name);
        Attribute("data-score", Plain(item.Counted));
        _html.Append("><span class=\"name\">").Append(Escape(item.Name)).Append("</span>");
        if (item.Max is { } max) Bar("bar", item.Name, item.Counted, max);
        _html.Append("<span class=\"score\">").Append(item.Max is { } m
            ? T($"{Plain(item.Counted)} / {Plain(m)} 分", $"{Plain(item.Counted)} of {Plain(m)}")
            : T($"{Plain(item.Counted)} 分", $"{Plain(item.Counted)} pts")).Append("</span>");
        if (item.Counted != item.Computed)
            _html.Append("<span class=\"bound\">").Append(item.Computed < item.Counted
                ? T($"算得 {Plain(item.Computed)}，不低于 {Plain(item.Counted)}", $"computed {Plain(item.Computed)}, floor {Plain(item.Counted)}")
                : T($"算得 {Plain(item.Computed)}，封顶 {Plain(item.Counted)}", $"computed {Plain(item.Computed)}, capped at {Plain(item.Counted)}")).Append("</span>");
        if (item.Weight is { } weight)
            _html.Append("<span class=\"weight\">").Append(Escape(T($"× 权重 {weight} = {Plain(item.Contribution)} 分", $"× weight {weight} = {Plain(item.Contribution)}"))).Append("</span>");
        _html.Append("</li>\n");
    }

    /// <summary>Deductions or additions with their amounts; one of nothing says so ("未扣分"), never "-0".</summary>
    private void Adjustments(IReadOnlyList<StatementEntry> entries, EntryKind kind, string cls, string heading)
    {
        var list = entries.Where(e => e.Kind == kind).ToList();
        if (list.Count == 0) return;
        _html.Append("<div class=\"").Append(cls).Append("\"><h4>").Append(heading).Append("</h4>\n<ul>\n");
        foreach (var entry in list)
        {
            var amount = entry.Counted;
            _html.Append("<li");
            Attribute("data-entry", entry.Name);
            Attribute("data-amount", Plain(amount));
            _html.Append(amount == 0 ? " class=\"none\"" : "").Append("><span class=\"name\">").Append(Escape(entry.Name)).Append("</span> <span class=\"amount\">");
            _html.Append(amount == 0
                ? kind == EntryKind.Deduct ? T("未扣分", "no deduction") : T("未加分", "no addition")
                : kind == EntryKind.Deduct ? T($"扣 {Plain(amount)} 分", $"−{Plain(amount)} pts") : T($"加 {Plain(amount)} 分", $"+{Plain(amount)} pts"));
            _html.Append("</span>");
            if (entry.Counted != entry.Computed)
                _html.Append(" <span class=\"bound\">").Append(T($"（算得 {Plain(entry.Computed)}）", $"(computed {Plain(entry.Computed)})")).Append("</span>");
            _html.Append("</li>\n");
        }
        _html.Append("</ul></div>\n");
    }

    /// <summary>A bar for a score against its maximum: <c>role="meter"</c> with its values, the filled share as a width.</summary>
    private void Bar(string cls, string name, decimal value, decimal max)
    {
        // Clamped before dividing: a value far beyond its maximum (or a tiny maximum) never overflows a decimal.
        var share = max <= 0 || value <= 0 ? 0m : value >= max ? 100m : value / max * 100m;
        _html.Append("<span class=\"").Append(cls).Append("\" role=\"meter\"");
        Attribute("aria-label", name);
        Attribute("aria-valuemin", "0");
        Attribute("aria-valuemax", Plain(max));
        Attribute("aria-valuenow", Plain(value));
        Attribute("aria-valuetext", T($"{Plain(value)} / {Plain(max)} 分", $"{Plain(value)} of {Plain(max)}"));
        _html.Append("><span class=\"fill\" style=\"width:").Append(Math.Round(share, 2, MidpointRounding.AwayFromZero).ToString("0.##", CultureInfo.InvariantCulture)).Append("%\"></span></span>");
    }

    private void Gates(StatementModel model)
    {
        if (model.Gates.Count == 0) return;
        _html.Append("<section class=\"gates\">\n<h2>").Append(T("条件与否决", "Gates and vetoes")).Append("</h2>\n<ul>\n");
        foreach (var gate in model.Gates)
        {
            _html.Append("<li class=\"gate ").Append(gate.Passed ? "pass" : "fail").Append('"');
            Attribute("data-gate", gate.Name);
            Attribute("data-passed", gate.Passed ? "true" : "false");
            var verdict = gate.Veto
                ? gate.Passed ? T("未否决", "no veto") : T("一票否决", "vetoed")
                : gate.Passed ? T("通过", "passed") : T("未通过", "not passed");
            _html.Append(gate.Veto ? " data-veto=\"true\"" : "").Append("><span class=\"verdict\">").Append(verdict).Append("</span> <span class=\"name\">")
                .Append(Escape(gate.Name)).Append("</span>\n<ul class=\"conditions\">\n");
            foreach (var condition in gate.Conditions)
            {
                _html.Append("<li class=\"").Append(condition.Holds ? "holds" : "fails").Append("\"><span class=\"label\">").Append(Escape(condition.Label))
                    .Append("</span>：").Append(condition.Holds ? T("满足", "holds") : T("不满足", "does not hold"));
                if (condition.Detail.Length > 0) _html.Append("（").Append(Escape(condition.Detail)).Append('）');
                _html.Append("</li>\n");
            }
            _html.Append("</ul>");
            if (gate.Reason.Length > 0) _html.Append("<p class=\"reason\">").Append(Escape(gate.Reason)).Append("</p>");
            _html.Append("</li>\n");
        }
        _html.Append("</ul>\n</section>\n");
    }

    private void Levels(StatementModel model)
    {
        if (model.Levels.Count == 0) return;
        _html.Append("<section class=\"levels\">\n<h2>").Append(T("等级", "Levels")).Append("</h2>\n");
        foreach (var levels in model.Levels)
        {
            _html.Append("<div class=\"level-rule\"");
            Attribute("data-levels", levels.Name);
            Attribute("data-result", levels.Result);
            _html.Append("><h3>").Append(Escape(levels.Name)).Append("：<span class=\"result\">").Append(Escape(levels.Result)).Append("</span></h3>\n<ul>\n");
            foreach (var level in levels.Levels)
            {
                _html.Append("<li class=\"").Append(level.Met ? "met" : "unmet").Append("\">").Append(Escape(level.Level)).Append("：");
                _html.Append(level.Missing.Count == 0 ? T("要求全部满足", "all requirements met")
                    : Escape(T($"缺 {string.Join("、", level.Missing)}", $"missing {string.Join(", ", level.Missing)}")));
                _html.Append("</li>\n");
            }
            _html.Append("</ul>\n");
            if (levels.Note.Length > 0) _html.Append("<p class=\"note\">").Append(Escape(levels.Note)).Append("</p>\n");
            _html.Append("</div>\n");
        }
        _html.Append("</section>\n");
    }

    private void Tables(StatementModel model)
    {
        if (model.Tables.Count == 0) return;
        _html.Append("<section class=\"tables\">\n<h2>").Append(T("查表", "Table lookups")).Append("</h2>\n<table>\n<thead><tr><th>")
            .Append(T("规则", "Rule")).Append("</th><th>").Append(T("表", "Table")).Append("</th><th>").Append(T("行", "Row"))
            .Append("</th><th>").Append(T("结果", "Result")).Append("</th></tr></thead>\n<tbody>\n");
        foreach (var hit in model.Tables)
        {
            _html.Append("<tr");
            Attribute("data-table", hit.Table);
            _html.Append("><td>").Append(Escape(hit.Rule)).Append("</td><td>").Append(Escape($"{hit.Table}({hit.Arguments})")).Append("</td><td>")
                .Append(Escape(T($"第 {hit.Row} 行「{hit.RowText}」", $"row {hit.Row} “{hit.RowText}”"))).Append("</td><td>").Append(Escape(hit.Result)).Append("</td></tr>\n");
        }
        _html.Append("</tbody>\n</table>\n</section>\n");
    }

    /// <summary>
    /// The derivation, as the text explanation gives it (<see cref="StatementText"/>): one line per step, indented by its
    /// depth. Kept in this one method so that richer derivation data can be rendered here without touching the rest.
    /// </summary>
    private void Arithmetic(StatementModel model)
    {
        if (model.Arithmetic.Count == 0) return;
        _html.Append("<section class=\"arithmetic\">\n<h2>").Append(T("计算过程", "How it was worked out")).Append("</h2>\n<ol class=\"derivation\">\n");
        foreach (var line in model.Arithmetic)
            _html.Append("<li class=\"d").Append(line.Depth.ToString(CultureInfo.InvariantCulture)).Append("\">").Append(Escape(line.Text)).Append("</li>\n");
        _html.Append("</ol>\n</section>\n");
    }

    private void Citations(StatementModel model)
    {
        if (model.Citations.Count == 0) return;
        _html.Append("<section class=\"citations\">\n<h2>").Append(T("依据", "Sources")).Append("</h2>\n<ol>\n");
        foreach (var citation in model.Citations)
        {
            _html.Append("<li class=\"citation\"><blockquote>").Append(Escape(citation.Text)).Append("</blockquote>");
            if (citation.AppliesTo.Count > 0)
                _html.Append("<p class=\"applies\">").Append(T("适用于：", "Applies to: "))
                    .Append(Escape(string.Join(T("、", ", "), citation.AppliesTo.Select(a => a == "input" ? T("输入", "the inputs") : a)))).Append("</p>");
            _html.Append("</li>\n");
        }
        _html.Append("</ol>\n</section>\n");
    }

    private void Attribute(string name, string value) => _html.Append(' ').Append(name).Append("=\"").Append(Escape(value)).Append('"');

    private static string Plain(decimal number) => ValueFormat.Plain(ValueFormat.Trim(number));

    /// <summary>
    /// Text and attribute values made inert: <c>&amp; &lt; &gt; " '</c> as references, NUL and other C0/C1 controls
    /// (but tab and line feed) as U+FFFD.
    /// </summary>
    internal static string Escape(string text)
    {
        var builder = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            switch (c)
            {
                case '&': builder.Append("&amp;"); break;
                case '<': builder.Append("&lt;"); break;
                case '>': builder.Append("&gt;"); break;
                case '"': builder.Append("&quot;"); break;
                case '\'': builder.Append("&#39;"); break;
                case '\t' or '\n': builder.Append(c); break;
                case < ' ' or (>= '\u007f' and <= '\u009f'): builder.Append('\uFFFD'); break;
                default: builder.Append(c); break;
            }
        }
        return builder.ToString();
    }

    private const string Css = """
        @page { size: A4; margin: 14mm 14mm 16mm; }
        :root { --ink: #1d2733; --muted: #5b6775; --line: #d5dbe2; --fill: #2f6fb3; --pass: #1f7a3f; --fail: #b3261e; }
        * { box-sizing: border-box; }
        html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
        body { margin: 0 auto; padding: 16px; max-width: 182mm; color: var(--ink); font: 14px/1.55 "Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei", "PingFang SC", "Microsoft YaHei", sans-serif; overflow-wrap: anywhere; }
        article.statement + article.statement { margin-top: 32px; border-top: 2px solid var(--line); padding-top: 16px; }
        header .kind { margin: 0; color: var(--muted); font-size: 12px; letter-spacing: .08em; }
        h1 { margin: 2px 0 8px; font-size: 22px; }
        h2 { margin: 18px 0 8px; font-size: 16px; border-bottom: 1px solid var(--line); padding-bottom: 3px; }
        h3 { margin: 10px 0 6px; font-size: 14px; }
        h4 { margin: 8px 0 4px; font-size: 13px; color: var(--muted); }
        dl.facts { display: flex; flex-wrap: wrap; gap: 4px 20px; margin: 0; font-size: 12px; }
        dl.facts div { display: flex; gap: 6px; } dl.facts dt { color: var(--muted); } dl.facts dd { margin: 0; }
        .note { margin: 6px 0; padding: 6px 8px; background: #fff6e0; border-left: 3px solid #d9a400; font-size: 12px; }
        .outputs dl { display: grid; grid-template-columns: repeat(auto-fill, minmax(150px, 1fr)); gap: 8px; margin: 0; }
        .output { border: 1px solid var(--line); border-radius: 6px; padding: 6px 10px; break-inside: avoid; }
        .output dt { color: var(--muted); font-size: 12px; } .output dd { margin: 0; font-size: 22px; font-weight: 600; }
        .output.missing dd { color: var(--muted); font-size: 14px; font-weight: 400; }
        .scorecard { break-inside: avoid; } .scorecard .total { color: var(--muted); font-weight: 400; }
        ul { margin: 0; padding-left: 18px; } ul.items { list-style: none; padding: 0; }
        li.item { display: grid; grid-template-columns: minmax(80px, 28%) 1fr auto; gap: 2px 10px; align-items: center; padding: 3px 0; }
        li.item .bound, li.item .weight { grid-column: 2 / span 2; color: var(--muted); font-size: 12px; }
        [role="meter"] { display: block; height: 10px; background: #e8edf2; border-radius: 5px; overflow: hidden; }
        [role="meter"] .fill { display: block; height: 100%; background: var(--fill); }
        .total-bar { margin-bottom: 6px; height: 12px; }
        .deductions li .amount { color: var(--fail); } .additions li .amount { color: var(--pass); } li.none .amount { color: var(--muted); }
        .gate .verdict { display: inline-block; min-width: 3.5em; padding: 0 6px; border-radius: 4px; color: #fff; font-size: 12px; text-align: center; }
        .gate.pass .verdict { background: var(--pass); } .gate.fail .verdict { background: var(--fail); }
        .gates > ul { list-style: none; padding: 0; } .gate { margin-bottom: 6px; break-inside: avoid; }
        .conditions { font-size: 13px; } .gate .reason { margin: 2px 0 0 18px; color: var(--fail); font-size: 13px; } .conditions .fails { color: var(--fail); }
        .levels li.met { color: var(--pass); } .levels .result { font-weight: 600; }
        table { width: 100%; border-collapse: collapse; font-size: 12px; table-layout: fixed; }
        th, td { border: 1px solid var(--line); padding: 3px 6px; text-align: left; vertical-align: top; }
        ol.derivation { list-style: none; margin: 0; padding: 0; font: 12px/1.5 "Noto Sans Mono CJK SC", "WenQuanYi Micro Hei Mono", monospace; }
        ol.derivation li { white-space: pre-wrap; }
        .d1 { padding-left: 1.5em; } .d2 { padding-left: 3em; } .d3 { padding-left: 4.5em; } .d4 { padding-left: 6em; } .d5 { padding-left: 7.5em; }
        .d6 { padding-left: 9em; } .d7 { padding-left: 10.5em; } .d8, .d9, .d10, .d11, .d12, .d13 { padding-left: 12em; }
        .citations blockquote { margin: 0; padding-left: 8px; border-left: 3px solid var(--line); }
        .citations .applies { margin: 2px 0 8px; color: var(--muted); font-size: 12px; }
        @media print {
          body { max-width: none; padding: 0; font-size: 12px; }
          article.statement + article.statement { break-before: page; margin-top: 0; border-top: 0; padding-top: 0; }
          h2 { break-after: avoid; }
          .output dd { font-size: 18px; }
        }

        """;
}
