using System.Globalization;
using System.Net;
using System.Text;
using Appraisal.Impact.Diff;
using Appraisal.Policy.Diagnostics;

namespace Appraisal.Impact.Reports;

/// <summary>
/// A comparison as one self-contained HTML page a manager opens: inline CSS, inline SVG charts and a few lines of inline
/// script, nothing fetched. Where each version and the population came from, when known; the counts and money totals;
/// histograms of a score and a money output before and after; each output's summary and movements between grades; the
/// largest changes; and a table of the changed subjects that sorts by any column (a delta numerically) when its header
/// is clicked. Chinese by default (it is for HR and managers), English on request. Every text from the policy, the team
/// file or the ledger is escaped.
/// </summary>
public static class DiffHtml
{
    /// <summary>How many changed subjects the page's table holds at most (the largest changes first); the CSV has them all.</summary>
    public const int MaxTableRows = 20_000;

    public static void Write(TextWriter writer, DiffReport report, Language language)
    {
        var zh = language == Language.Zh;
        string Say(string en, string cn) => zh ? cn : en;
        var s = report.Summary;
        var w = new StringBuilder();
        w.Append("<!DOCTYPE html>\n<html lang=\"").Append(zh ? "zh-CN" : "en").Append("\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>")
            .Append(E(Say($"Impact of the change: {report.New.Policy}", $"政策变更影响：{report.New.Policy}"))).Append("</title>\n<style>\n").Append(Css).Append("</style>\n</head>\n<body>\n");
        w.Append("<h1>").Append(E(Say($"Impact of the change: {report.New.Policy}", $"政策变更影响：{report.New.Policy}"))).Append("</h1>\n");
        w.Append("<p class=\"versions\">").Append(E(Say("old", "旧版"))).Append(" <b>").Append(E(Label(report.Old))).Append("</b> → ")
            .Append(E(Say("new", "新版"))).Append(" <b>").Append(E(Label(report.New))).Append("</b></p>\n");
        foreach (var (css, label, version) in new[] { ("old", Say("old", "旧版"), report.Old), ("new", Say("new", "新版"), report.New) })
        {
            if (version.Source is { } source)
                w.Append("<p class=\"source ").Append(css).Append("\">").Append(E(label)).Append(E(Say(": ", "："))).Append(E(source.Describe(version.Hash).In(language)))
                    .Append("</p>\n");
        }
        if (s.Source is { } from)
            w.Append("<p class=\"source population\">").Append(E(Say("population: ", "人员范围："))).Append(E(from.Describe().In(language))).Append("</p>\n");
        if (s.Population is { } population)
            w.Append("<p class=\"population\">").Append(E(Say(
                $"Evaluated as one group of {population.Members} under each version (population rules: {string.Join(", ", population.NewRules.Union(population.OldRules))}): ranks and distributions are recomputed.",
                $"每个版本均按一组 {population.Members} 人共同计算（总体规则：{string.Join("、", population.NewRules.Union(population.OldRules))}）：排名与分布重新计算。"))).Append("</p>\n");

        w.Append("<section class=\"cards\">\n");
        Card(w, "subjects", Say("subjects", "人数"), N(s.Subjects));
        Card(w, "changed", Say("changed", "有变化"), N(s.Changed));
        Card(w, "unchanged", Say("unchanged", "无变化"), N(s.Unchanged));
        Card(w, "failed", Say("not evaluated", "未能计算"), N(s.Failed));
        foreach (var o in s.Outputs.Where(o => o.Output.Kind == DiffOutputKind.Money && o.TotalDelta is not null))
        {
            Card(w, "total:" + o.Output.Name, Say($"{o.Output.Name}: total change", $"{o.Output.Name}：合计变化"), D(o.TotalDelta, true));
            Card(w, "mean:" + o.Output.Name, Say($"{o.Output.Name}: mean change", $"{o.Output.Name}：人均变化"), D(o.MeanDelta, true));
        }
        w.Append("</section>\n");

        foreach (var histogram in s.Histograms.Where(h => h.Bins.Count > 0))
            Chart(w, histogram, Say($"{histogram.Output}: before and after", $"{histogram.Output}：变更前后分布"), Say("old", "旧版"), Say("new", "新版"), Say("subjects", "人数"));

        w.Append("<h2>").Append(E(Say("Outputs", "各项输出"))).Append("</h2>\n<table class=\"outputs\">\n<thead><tr>");
        foreach (var h in new[] { Say("output", "输出"), Say("type", "类型"), Say("changed", "变化人数"), Say("up", "增加"), Say("down", "减少"),
                     Say("total old", "旧版合计"), Say("total new", "新版合计"), Say("total change", "合计变化"), Say("mean change", "平均变化") })
            w.Append("<th>").Append(E(h)).Append("</th>");
        w.Append("</tr></thead>\n<tbody>\n");
        foreach (var o in s.Outputs)
        {
            var numeric = o.TotalDelta is not null;
            w.Append("<tr><td>").Append(E(o.Output.Name)).Append("</td><td>").Append(E(o.Output.TypeName)).Append("</td><td class=\"n\">").Append(N(o.Changed))
                .Append("</td><td class=\"n\">").Append(numeric ? N(o.Increased) : "").Append("</td><td class=\"n\">").Append(numeric ? N(o.Decreased) : "")
                .Append("</td><td class=\"n\">").Append(D(o.TotalOld)).Append("</td><td class=\"n\">").Append(D(o.TotalNew))
                .Append("</td><td class=\"n\">").Append(D(o.TotalDelta, true)).Append("</td><td class=\"n\">").Append(D(o.MeanDelta, true)).Append("</td></tr>\n");
        }
        w.Append("</tbody>\n</table>\n");

        foreach (var o in s.Outputs.Where(o => o.Movements.Count > 0 && o.Changed > 0)) Matrix(w, o, Say("old \\ new", "旧版 \\ 新版"), Say($"{o.Output.Name}: movements", $"{o.Output.Name}：变动"));

        foreach (var o in s.Outputs.Where(o => o.Largest.Count > 0))
        {
            w.Append("<h2>").Append(E(Say($"Largest changes: {o.Output.Name}", $"变化最大：{o.Output.Name}"))).Append("</h2>\n<table class=\"largest\">\n<thead><tr>");
            foreach (var h in new[] { Say("subject", "工号"), Say("row", "行"), Say("old", "旧版"), Say("new", "新版"), "Δ" }) w.Append("<th>").Append(E(h)).Append("</th>");
            w.Append("</tr></thead>\n<tbody>\n");
            foreach (var c in o.Largest)
                w.Append("<tr><td>").Append(E(c.Subject)).Append("</td><td class=\"n\">").Append(c.Row?.ToString(CultureInfo.InvariantCulture) ?? "")
                    .Append("</td><td class=\"n\">").Append(D(c.Old)).Append("</td><td class=\"n\">").Append(D(c.New)).Append("</td><td class=\"n\">").Append(D(c.Delta, true)).Append("</td></tr>\n");
            w.Append("</tbody>\n</table>\n");
        }

        foreach (var (label, reasons) in (IEnumerable<(string, IReadOnlyList<FailureReason>)>)[(Say("old", "旧版"), s.OldFailures), (Say("new", "新版"), s.NewFailures)])
            foreach (var reason in reasons)
                w.Append("<p class=\"failure\">").Append(E(Say($"Not evaluated under the {label} version: {reason.Count} ({string.Join(", ", reason.Examples)}…): {reason.Message.En}",
                    $"{label}未能计算：{reason.Count} 人（{string.Join("、", reason.Examples)}…）：{reason.Message.Zh}"))).Append("</p>\n");

        Subjects(w, report, Say);
        w.Append("<script>\n").Append(Script).Append("</script>\n</body>\n</html>\n");
        writer.Write(w.ToString());
    }

    private static void Subjects(StringBuilder w, DiffReport report, Func<string, string, string> say)
    {
        var s = report.Summary;
        var outputs = s.Outputs.Where(o => o.Changed > 0).Select(o => o.Output).ToList();
        var sortBy = outputs.FirstOrDefault(o => o.Kind == DiffOutputKind.Money) ?? outputs.FirstOrDefault(o => o.IsNumeric);
        var rows = report.Subjects.AsEnumerable();
        if (sortBy is not null) rows = rows.OrderByDescending(r => Math.Abs(r.Of(sortBy.Name)?.Delta ?? 0)).ThenBy(r => r.Id, StringComparer.Ordinal);
        var shown = rows.Take(MaxTableRows).ToList();
        w.Append("<h2>").Append(E(say("Changed subjects", "有变化的人员"))).Append("</h2>\n");
        w.Append("<p class=\"hint\">").Append(E(say("Click a column's header to sort by it; click again to reverse.", "点击列标题按该列排序，再次点击反向排序。")));
        if (shown.Count < s.Changed)
            w.Append(' ').Append(E(say($"Showing {shown.Count} of {s.Changed} (the largest changes first); the CSV report lists all.",
                $"显示 {s.Changed} 人中的 {shown.Count} 人（变化最大的在前）；CSV 报告列出全部。")));
        w.Append("</p>\n<table id=\"subjects\" class=\"sortable\">\n<thead><tr>");
        Header(w, say("subject", "工号"), "text");
        Header(w, say("row", "行"), "number");
        foreach (var o in outputs)
        {
            if (o.IsNumeric)
            {
                Header(w, say($"{o.Name} old", $"{o.Name}（旧）"), "number");
                Header(w, say($"{o.Name} new", $"{o.Name}（新）"), "number");
                Header(w, $"Δ {o.Name}", "number");
            }
            else Header(w, say($"{o.Name} old → new", $"{o.Name}（旧 → 新）"), "text");
        }
        w.Append("</tr></thead>\n<tbody>\n");
        foreach (var subject in shown)
        {
            w.Append("<tr><td>").Append(E(subject.Id)).Append("</td>");
            Cell(w, subject.Row?.ToString(CultureInfo.InvariantCulture) ?? "", subject.Row?.ToString(CultureInfo.InvariantCulture) ?? "0");
            foreach (var o in outputs)
            {
                var change = subject.Of(o.Name);
                if (o.IsNumeric)
                {
                    Cell(w, change?.OldText ?? "", change?.OldText ?? "");
                    Cell(w, change?.NewText ?? "", change?.NewText ?? "");
                    var delta = change?.Delta ?? 0m;
                    Cell(w, change is null ? "" : D(delta, true), delta.ToString(CultureInfo.InvariantCulture));
                }
                else
                {
                    w.Append("<td>").Append(change is { } c ? E($"{c.OldText ?? "—"} → {c.NewText ?? "—"}") : "").Append("</td>");
                }
            }
            w.Append("</tr>\n");
        }
        w.Append("</tbody>\n</table>\n");
    }

    private static void Header(StringBuilder w, string text, string type) =>
        w.Append("<th data-type=\"").Append(type).Append("\" tabindex=\"0\">").Append(E(text)).Append("</th>");

    private static void Cell(StringBuilder w, string text, string value) =>
        w.Append("<td class=\"n\" data-value=\"").Append(E(value)).Append("\">").Append(E(text)).Append("</td>");

    private static void Card(StringBuilder w, string key, string label, string value) =>
        w.Append("<div class=\"card\" data-summary=\"").Append(E(key)).Append("\"><div class=\"label\">").Append(E(label))
            .Append("</div><div class=\"value\">").Append(E(value)).Append("</div></div>\n");

    private static void Matrix(StringBuilder w, OutputSummary o, string corner, string title)
    {
        var froms = o.Movements.Select(m => m.From).Distinct().ToList();
        var tos = o.Movements.Select(m => m.To).Distinct().ToList();
        w.Append("<h2>").Append(E(title)).Append("</h2>\n<table class=\"matrix\" data-output=\"").Append(E(o.Output.Name)).Append("\">\n<thead><tr><th>").Append(E(corner)).Append("</th>");
        foreach (var to in tos) w.Append("<th>").Append(E(to ?? "—")).Append("</th>");
        w.Append("</tr></thead>\n<tbody>\n");
        foreach (var from in froms)
        {
            w.Append("<tr><th>").Append(E(from ?? "—")).Append("</th>");
            foreach (var to in tos)
            {
                var count = o.Movements.FirstOrDefault(m => m.From == from && m.To == to)?.Count ?? 0;
                w.Append("<td class=\"n").Append(from == to ? " same" : count > 0 ? " moved" : "").Append("\">").Append(count == 0 ? "" : N(count)).Append("</td>");
            }
            w.Append("</tr>\n");
        }
        w.Append("</tbody>\n</table>\n");
    }

    /// <summary>A histogram as inline SVG: for each bin a grey bar (old) and a blue one (new), counts on hover.</summary>
    private static void Chart(StringBuilder w, Histogram histogram, string title, string oldLabel, string newLabel, string subjects)
    {
        const int height = 220, top = 20, bottom = 50, left = 50, barGap = 2;
        var bins = histogram.Bins;
        var binWidth = Math.Max(16, Math.Min(48, 760 / bins.Count));
        var width = left + bins.Count * binWidth + 20;
        var max = Math.Max(1, bins.Max(b => Math.Max(b.Old, b.New)));
        var plot = height - top - bottom;
        w.Append("<figure class=\"histogram\" data-output=\"").Append(E(histogram.Output)).Append("\"><figcaption>").Append(E(title)).Append("</figcaption>\n");
        w.Append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").Append(width).Append("\" height=\"").Append(height).Append("\" role=\"img\">\n");
        w.Append("<line x1=\"").Append(left).Append("\" y1=\"").Append(height - bottom).Append("\" x2=\"").Append(width - 10).Append("\" y2=\"").Append(height - bottom).Append("\" stroke=\"#888\"/>\n");
        w.Append("<text x=\"4\" y=\"").Append(top + 4).Append("\" class=\"axis\">").Append(N(max)).Append("</text>\n");
        for (var i = 0; i < bins.Count; i++)
        {
            var bin = bins[i];
            var x = left + i * binWidth;
            var half = (binWidth - barGap * 2) / 2;
            foreach (var (count, offset, css, label) in new[] { (bin.Old, 0, "old", oldLabel), (bin.New, half, "new", newLabel) })
            {
                var h = (int)Math.Round(plot * (double)count / max);
                w.Append("<rect class=\"").Append(css).Append("\" x=\"").Append(x + barGap + offset).Append("\" y=\"").Append(height - bottom - h)
                    .Append("\" width=\"").Append(half).Append("\" height=\"").Append(h).Append("\" data-count=\"").Append(count).Append("\"><title>")
                    .Append(E($"{label} [{D(bin.From)}, {D(bin.To)}): {count} {subjects}")).Append("</title></rect>\n");
            }
            if (i % Math.Max(1, bins.Count / 10) == 0)
                w.Append("<text x=\"").Append(x).Append("\" y=\"").Append(height - bottom + 16).Append("\" class=\"axis\">").Append(E(D(bin.From))).Append("</text>\n");
        }
        w.Append("<rect class=\"old\" x=\"").Append(left).Append("\" y=\"").Append(height - 18).Append("\" width=\"12\" height=\"12\"/><text x=\"").Append(left + 16).Append("\" y=\"").Append(height - 8)
            .Append("\" class=\"axis\">").Append(E(oldLabel)).Append("</text>\n");
        w.Append("<rect class=\"new\" x=\"").Append(left + 80).Append("\" y=\"").Append(height - 18).Append("\" width=\"12\" height=\"12\"/><text x=\"").Append(left + 96).Append("\" y=\"").Append(height - 8)
            .Append("\" class=\"axis\">").Append(E(newLabel)).Append("</text>\n");
        w.Append("</svg></figure>\n");
    }

    private static string Label(DiffVersionInfo v) =>
        v.Label + (v.Version is null && v.Hash is null ? "" : $" ({string.Join(", ", new[] { v.Version, v.Hash }.Where(x => x is not null))})");

    private static string E(string text) => WebUtility.HtmlEncode(text);

    private static string N(int n) => n.ToString(CultureInfo.InvariantCulture);

    private static string D(decimal? d, bool signed = false) =>
        d is not { } value ? "" : (signed && value > 0 ? "+" : "") + value.ToString(CultureInfo.InvariantCulture);

    private const string Css = """
        body { font-family: "Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC", sans-serif; margin: 24px; color: #222; }
        h1 { font-size: 22px; } h2 { font-size: 17px; margin-top: 28px; }
        .cards { display: flex; flex-wrap: wrap; gap: 12px; }
        .card { border: 1px solid #ddd; border-radius: 6px; padding: 10px 14px; min-width: 120px; }
        .card .label { color: #666; font-size: 13px; } .card .value { font-size: 22px; font-weight: 600; }
        table { border-collapse: collapse; margin: 8px 0; font-size: 13px; }
        th, td { border: 1px solid #ddd; padding: 4px 8px; } th { background: #f4f4f4; text-align: left; }
        td.n { text-align: right; font-variant-numeric: tabular-nums; }
        td.same { color: #888; } td.moved { background: #fff4d6; }
        table.sortable th { cursor: pointer; user-select: none; }
        th[aria-sort="ascending"]::after { content: " ▲"; } th[aria-sort="descending"]::after { content: " ▼"; }
        figure { margin: 16px 0; } figcaption { font-weight: 600; margin-bottom: 4px; }
        rect.old { fill: #b8b8b8; } rect.new { fill: #3b7dd8; } text.axis { font-size: 11px; fill: #555; }
        .hint { color: #666; font-size: 13px; } .failure { color: #a40000; }
        p.source { color: #555; font-size: 13px; margin: 2px 0; }

        """;

    private const string Script = """
        (function () {
          var table = document.getElementById('subjects');
          if (!table) return;
          var headers = table.tHead.rows[0].cells;
          function key(row, i, type) {
            var cell = row.cells[i];
            if (type === 'number') { var v = parseFloat(cell.getAttribute('data-value')); return isNaN(v) ? -Infinity : v; }
            return cell.textContent;
          }
          function sort(i) {
            var th = headers[i], type = th.getAttribute('data-type');
            var descending = th.getAttribute('aria-sort') === 'ascending';
            for (var j = 0; j < headers.length; j++) headers[j].removeAttribute('aria-sort');
            th.setAttribute('aria-sort', descending ? 'descending' : 'ascending');
            var body = table.tBodies[0];
            var rows = Array.prototype.slice.call(body.rows);
            rows.sort(function (a, b) {
              var x = key(a, i, type), y = key(b, i, type);
              var c = type === 'number' ? (x < y ? -1 : x > y ? 1 : 0) : x.localeCompare(y);
              return descending ? -c : c;
            });
            rows.forEach(function (r) { body.appendChild(r); });
          }
          Array.prototype.forEach.call(headers, function (th, i) {
            th.addEventListener('click', function () { sort(i); });
            th.addEventListener('keydown', function (e) { if (e.key === 'Enter') sort(i); });
          });
        })();

        """;
}
