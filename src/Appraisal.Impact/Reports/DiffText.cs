using System.Globalization;
using Appraisal.Impact.Diff;
using Appraisal.Policy.Diagnostics;

namespace Appraisal.Impact.Reports;

/// <summary>
/// A comparison as text for a terminal, in English or Chinese: the two versions (and where each came from, when known),
/// the population's source (a team file, the ledger's records of a period with those skipped), the counts, a table of every output
/// (changed, totals and mean of the delta), the movements between grades and levels, the largest changes of each
/// numeric output, and the reasons subjects could not be evaluated.
/// </summary>
public static class DiffText
{
    public static void Write(TextWriter writer, DiffReport report, Language language)
    {
        var zh = language == Language.Zh;
        string Say(string en, string cn) => zh ? cn : en;
        var s = report.Summary;
        writer.WriteLine($"{report.Old.Policy}: {Version(report.Old)} → {Version(report.New)}");
        foreach (var (label, version) in new[] { (Say("old", "旧版"), report.Old), (Say("new", "新版"), report.New) })
        {
            if (version.Source is { } source) writer.WriteLine($"{label}{Say(": ", "：")}{source.Describe(version.Hash).In(language)}");
        }
        if (s.Source is { } population) writer.WriteLine(Say($"population: {population.Describe().En}", $"人员范围：{population.Describe().Zh}"));
        writer.WriteLine(Say(
            $"subjects {s.Subjects}, changed {s.Changed}, unchanged {s.Unchanged}, not evaluated {s.Failed} (old {s.FailedOld}, new {s.FailedNew})",
            $"人数 {s.Subjects}，有变化 {s.Changed}，无变化 {s.Unchanged}，未能计算 {s.Failed}（旧版 {s.FailedOld}，新版 {s.FailedNew}）"));
        if (s.Population is { } group)
            writer.WriteLine(Say($"evaluated as one group of {group.Members} (population rules: {string.Join(", ", group.NewRules.Union(group.OldRules))})",
                $"按一组 {group.Members} 人共同计算（总体规则：{string.Join("、", group.NewRules.Union(group.OldRules))}）"));
        writer.WriteLine();

        var table = new TextTable(Say("output", "输出"), Say("type", "类型"), Say("changed", "变化人数"), Say("total old", "旧版合计"),
            Say("total new", "新版合计"), Say("total Δ", "合计变化"), Say("mean Δ", "平均变化"));
        foreach (var o in s.Outputs)
            table.Add(o.Output.Name, o.Output.TypeName, N(o.Changed), D(o.TotalOld), D(o.TotalNew), D(o.TotalDelta, signed: true), D(o.MeanDelta, signed: true));
        table.WriteTo(writer);

        foreach (var o in s.Outputs.Where(o => o.Movements.Count > 0 && o.Changed > 0))
        {
            writer.WriteLine();
            writer.WriteLine(Say($"{o.Output.Name}: old → new", $"{o.Output.Name}：旧版 → 新版"));
            var movements = new TextTable(Say("old", "旧版"), Say("new", "新版"), Say("subjects", "人数"));
            foreach (var m in o.Movements) movements.Add(m.From ?? "—", m.To ?? "—", N(m.Count));
            movements.WriteTo(writer);
        }
        foreach (var o in s.Outputs.Where(o => o.Largest.Count > 0))
        {
            writer.WriteLine();
            writer.WriteLine(Say($"largest changes: {o.Output.Name}", $"变化最大：{o.Output.Name}"));
            var largest = new TextTable(Say("subject", "工号"), Say("row", "行"), Say("old", "旧版"), Say("new", "新版"), "Δ");
            foreach (var c in o.Largest) largest.Add(c.Subject, c.Row?.ToString(CultureInfo.InvariantCulture) ?? "", D(c.Old), D(c.New), D(c.Delta, signed: true));
            largest.WriteTo(writer);
        }
        foreach (var (label, reasons) in (IEnumerable<(string, IReadOnlyList<FailureReason>)>)[(Say("old", "旧版"), s.OldFailures), (Say("new", "新版"), s.NewFailures)])
        {
            foreach (var reason in reasons)
                writer.WriteLine(Say($"not evaluated under the {label} version: {reason.Count} ({string.Join(", ", reason.Examples)}…): {reason.Message.En}",
                    $"{label}未能计算：{reason.Count} 人（{string.Join("、", reason.Examples)}…）：{reason.Message.Zh}"));
        }
        if (s.Listed < s.Changed)
            writer.WriteLine(Say($"{s.Listed} of the {s.Changed} changed subjects are listed in reports", $"报告列出有变化的 {s.Changed} 人中的 {s.Listed} 人"));
    }

    private static string Version(DiffVersionInfo v) =>
        v.Label + (v.Version is null && v.Hash is null ? "" : $" ({string.Join(", ", new[] { v.Version, v.Hash }.Where(x => x is not null))})");

    private static string N(int n) => n.ToString(CultureInfo.InvariantCulture);

    private static string D(decimal? d, bool signed = false) =>
        d is not { } value ? "" : (signed && value > 0 ? "+" : "") + value.ToString(CultureInfo.InvariantCulture);
}
