using System.Globalization;
using System.Net;
using System.Text;
using Appraisal.Engine.Testing;
using Appraisal.Policy.Diagnostics;

namespace Appraisal.Cli;

/// <summary>
/// <c>policy test --coverage-html FILE</c>: the engine's coverage (<see cref="Coverage"/>) as one self-contained HTML
/// page: the total, then a table per policy file of every item with its line, unreached ones marked. Inline CSS, nothing
/// fetched; every text from a policy is escaped.
/// </summary>
internal static class CoverageHtml
{
    public static string Render(IReadOnlyList<(string File, IReadOnlyList<CoverageItem> Items)> files, Language language)
    {
        var zh = language == Language.Zh;
        string Say(string en, string cn) => zh ? cn : en;
        var all = files.SelectMany(f => f.Items).ToList();
        var w = new StringBuilder();
        w.Append("<!DOCTYPE html>\n<html lang=\"").Append(zh ? "zh-CN" : "en").Append("\">\n<head>\n<meta charset=\"utf-8\">\n<title>")
            .Append(E(Say("Policy test coverage", "策略测试覆盖率"))).Append("</title>\n<style>\n").Append(Css).Append("</style>\n</head>\n<body>\n");
        w.Append("<h1>").Append(E(Say("Policy test coverage", "策略测试覆盖率"))).Append("</h1>\n");
        w.Append("<p class=\"total\">").Append(E(Summary(all, language))).Append("</p>\n");
        foreach (var (file, items) in files)
        {
            w.Append("<h2>").Append(E(file)).Append(" <span class=\"share\">").Append(E(Summary(items, language))).Append("</span></h2>\n");
            if (items.Count == 0)
            {
                w.Append("<p>").Append(E(Say("Nothing to reach.", "没有需要覆盖的项。"))).Append("</p>\n");
                continue;
            }
            w.Append("<table>\n<thead><tr><th>").Append(E(Say("line", "行"))).Append("</th><th>").Append(E(Say("kind", "类别"))).Append("</th><th>")
                .Append(E(Say("rule", "规则"))).Append("</th><th>").Append(E(Say("item", "项"))).Append("</th><th>").Append(E(Say("reached", "已达到")))
                .Append("</th></tr></thead>\n<tbody>\n");
            foreach (var item in items)
            {
                w.Append("<tr class=\"").Append(item.Reached ? "reached" : "missed").Append("\"><td>").Append(item.Line.ToString(CultureInfo.InvariantCulture))
                    .Append("</td><td>").Append(E(item.Kind)).Append("</td><td>").Append(E(item.Rule)).Append("</td><td>").Append(E(item.Item))
                    .Append("</td><td>").Append(item.Reached ? "✓" : E(Say("never", "未达到"))).Append("</td></tr>\n");
            }
            w.Append("</tbody>\n</table>\n");
        }
        w.Append("</body>\n</html>\n");
        return w.ToString();
    }

    private static string Summary(IReadOnlyList<CoverageItem> items, Language language)
    {
        var reached = items.Count(i => i.Reached);
        var percent = (items.Count == 0 ? 100m : Math.Round(reached * 100m / items.Count, 1, MidpointRounding.ToZero)).ToString("0.#", CultureInfo.InvariantCulture);
        return CommonOptions.Say(language, $"{reached} of {items.Count} reached ({percent}%)", $"{items.Count} 项中 {reached} 项已达到（{percent}%）");
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);

    private const string Css = """
        body { font-family: system-ui, sans-serif; margin: 2em; color: #222; }
        h2 .share { font-weight: normal; font-size: 0.8em; color: #555; }
        table { border-collapse: collapse; margin-bottom: 2em; }
        th, td { border: 1px solid #ccc; padding: 0.2em 0.6em; text-align: left; }
        tr.reached td:last-child { color: #1a7f37; }
        tr.missed { background: #fdecea; }
        tr.missed td:last-child { color: #b42318; font-weight: bold; }

        """;
}
