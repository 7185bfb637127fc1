using System.Globalization;
using System.Text;
using Appraisal.Engine;
using Appraisal.Engine.Evaluation;
using Appraisal.Engine.Hosting;
using Appraisal.Engine.Planning;
using Appraisal.Impact.Teams;
using Appraisal.Policy.Diagnostics;
using Appraisal.Policy.Semantics;
using Appraisal.Policy.Text;
using Newtonsoft.Json;

namespace Appraisal.Impact.Tests;

/// <summary>The policies and generated teams the tests read, and how a team file's reading is rendered for approval.</summary>
internal static class TestTeams
{
    public static string Cases => Path.Combine(AppContext.BaseDirectory, "Cases", "teams");

    /// <summary>The source folder of the cases (approved files live there, not in bin/).</summary>
    public static string CaseSources => Path.Combine(RepositoryPaths.Root, "tests", "Appraisal.Impact.Tests", "Cases", "teams");

    public static string AfterSalesPath => Path.Combine(RepositoryPaths.Policies, "after-sales", "售后客服考核.policy");

    public static string AfterSalesText => File.ReadAllText(AfterSalesPath);

    /// <summary>
    /// The after-sales policy as changed for the comparisons: the KPI pool raised from 1000 to 1200 yuan, and full marks
    /// for a refund rate up to 6% instead of 5%.
    /// </summary>
    public static string AfterSalesChanged => Edit(Edit(AfterSalesText, "param KPI总奖金: money = 1000 yuan", "param KPI总奖金: money = 1200 yuan"),
        "<= 5%  => 30", "<= 6%  => 30");

    public static string SatisfactionPath => Path.Combine(RepositoryPaths.Policies, "satisfaction-index", "满意度指数.policy");

    /// <summary>The satisfaction index with the forced distribution changed from 2:7:1 to 3:6:1.</summary>
    public static string SatisfactionChanged => Edit(File.ReadAllText(SatisfactionPath), "ratio 优秀 2 : 达标 7 : 不达标 1", "ratio 优秀 3 : 达标 6 : 不达标 1");

    public static string Edit(string text, string from, string to)
    {
        if (!text.Contains(from, StringComparison.Ordinal)) throw new InvalidOperationException($"the policy no longer has '{from}'");
        return text.Replace(from, to, StringComparison.Ordinal);
    }

    public static PolicyPlan Plan(string path, string text)
    {
        var loaded = PolicyPipeline.Load(new SourceText(path, text), new IncludeReader());
        return loaded.Plan ?? throw new InvalidOperationException(string.Join("\n", loaded.Diagnostics));
    }

    public static PolicyPlan PlanFile(string path) => Plan(path, File.ReadAllText(path));

    public static PolicyPlan TeamPolicy => PlanFile(Path.Combine(Cases, "团队.policy"));

    private static readonly string[] Levels = ["优", "良", "中", "差"];
    private static readonly string[] Posts = ["普通售后客服", "高级售后客服", "售后组长"];

    /// <summary>
    /// A team for the after-sales policy, the same for a seed: one row per subject, refund rates as HR writes them
    /// (<c>4.5%</c>), complaints as repeated columns.
    /// </summary>
    public static void WriteAfterSalesTeam(string path, int subjects, int seed)
    {
        var random = new Random(seed);
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false));
        writer.WriteLine("工号,岗位,素质,退款率,纠纷处理,配合度,执行力,迟到,请假,旷工,低质评价,投诉扣分[1],投诉扣分[2],客户表扬,表现突出");
        var line = new StringBuilder();
        for (var i = 1; i <= subjects; i++)
        {
            line.Clear();
            string Level() => Levels[Math.Min(3, (int)Math.Floor(random.NextDouble() * random.NextDouble() * 4.5))];
            var refund = random.Next(0, 130) / 10m; // 0.0% .. 12.9%
            var complaints = random.Next(0, 10) switch { < 7 => 0, < 9 => 1, _ => 2 };
            line.Append('E').Append(i.ToString("D6", CultureInfo.InvariantCulture)).Append(',')
                .Append(Posts[random.Next(Posts.Length)]).Append(',').Append(Level()).Append(',')
                .Append(refund.ToString(CultureInfo.InvariantCulture)).Append("%,")
                .Append(Level()).Append(',').Append(Level()).Append(',').Append(Level()).Append(',')
                .Append(random.Next(0, 10) < 8 ? 0 : random.Next(1, 4)).Append(',')
                .Append(random.Next(0, 10) < 9 ? 0 : 1).Append(',')
                .Append(random.Next(0, 50) == 0 ? 1 : 0).Append(',')
                .Append(random.Next(0, 10) < 8 ? 0 : 1).Append(',')
                .Append(complaints >= 1 ? (5 * random.Next(1, 5)).ToString(CultureInfo.InvariantCulture) : "").Append(',')
                .Append(complaints >= 2 ? (5 * random.Next(1, 5)).ToString(CultureInfo.InvariantCulture) : "").Append(',')
                .Append(random.Next(0, 4)).Append(',')
                .Append(random.Next(0, 6));
            writer.WriteLine(line);
        }
    }

    /// <summary>A team for the satisfaction index: every member a different score, so the distribution's quotas are exact.</summary>
    public static void WriteSatisfactionTeam(string path, int members, int seed)
    {
        var random = new Random(seed);
        var scores = Enumerable.Range(0, 1000).OrderBy(_ => random.Next()).Take(members).ToList(); // tenths of a point of 管理
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false));
        writer.WriteLine("工号,完成数量,质量效果,服务态度,及时性,服务效果,管理");
        for (var i = 0; i < members; i++)
        {
            var score = scores[i] / 1000m * 100m; // 0.0 .. 99.9, each once
            var parts = new[] { 10m, 20m, 10m, 10m, 20m, 30m };
            var remaining = score;
            var values = new decimal[6];
            for (var p = 0; p < 6; p++)
            {
                values[p] = Math.Min(parts[p], remaining);
                remaining -= values[p];
            }
            writer.WriteLine($"M{i + 1:D4},{string.Join(",", values.Select(v => v.ToString(CultureInfo.InvariantCulture)))}");
        }
    }

    /// <summary>
    /// How a team file reads, for approval: its encoding and columns, then each row's facts and what the policy makes of
    /// them (its outputs), or every error in English and Chinese.
    /// </summary>
    public static string Render(string path, PolicyPlan plan)
    {
        var text = new StringBuilder();
        var opened = TeamFile.Open(path, plan.Inputs);
        if (opened.File is not { } team)
        {
            foreach (var error in opened.Errors) text.Append("✗ ").AppendLine(error.Format(Language.En)).Append("  ").AppendLine(error.Format(Language.Zh));
            return text.ToString();
        }
        using (team)
        {
            text.Append("encoding: ").AppendLine(team.Encoding ?? "(xlsx)");
            text.Append("columns: ").AppendLine(string.Join(", ", team.Columns.Select(c => $"{c.Letter} {c.Header} ({c.Role.ToString().ToLowerInvariant()})")));
            foreach (var member in team.Members())
            {
                text.Append("row ").Append(member.Row).Append(' ').Append(member.Id.Length == 0 ? "(no id)" : member.Id).Append(": ")
                    .AppendLine(member.Facts.ToString(Formatting.None));
                var (facts, errors) = member.Read(plan.Inputs);
                foreach (var error in member.Errors.Concat(errors))
                    text.Append("  ✗ ").AppendLine(error.Format(Language.En)).Append("    ").AppendLine(error.Format(Language.Zh));
                if (facts is not null && member.Errors.Count == 0)
                {
                    var outcome = Evaluator.Evaluate(plan, facts);
                    using var outputs = new StringWriter(CultureInfo.InvariantCulture);
                    using (var json = new JsonTextWriter(outputs)) JsonEvaluation.WriteOutputs(json, outcome);
                    text.Append("  → ").AppendLine(outputs.ToString());
                }
            }
        }
        return text.ToString();
    }
}
