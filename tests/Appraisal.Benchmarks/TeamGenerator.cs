using System.Globalization;
using System.Text;

namespace Appraisal.Policy.Benchmarks;

/// <summary>Generated team files for the impact benchmarks, the same for a seed (as the tests' generator writes them).</summary>
internal static class TeamGenerator
{
    private static readonly string[] Levels = ["优", "良", "中", "差"];
    private static readonly string[] Posts = ["普通售后客服", "高级售后客服", "售后组长"];

    public static void AfterSales(string path, int subjects, int seed)
    {
        var random = new Random(seed);
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false));
        writer.WriteLine("工号,岗位,素质,退款率,纠纷处理,配合度,执行力,迟到,请假,旷工,低质评价,投诉扣分[1],投诉扣分[2],客户表扬,表现突出");
        for (var i = 1; i <= subjects; i++)
        {
            string Level() => Levels[Math.Min(3, (int)Math.Floor(random.NextDouble() * random.NextDouble() * 4.5))];
            var refund = random.Next(0, 130) / 10m;
            var complaints = random.Next(0, 10) switch { < 7 => 0, < 9 => 1, _ => 2 };
            writer.WriteLine(string.Join(",",
                "E" + i.ToString("D6", CultureInfo.InvariantCulture), Posts[random.Next(Posts.Length)], Level(),
                refund.ToString(CultureInfo.InvariantCulture) + "%", Level(), Level(), Level(),
                random.Next(0, 10) < 8 ? 0 : random.Next(1, 4), random.Next(0, 10) < 9 ? 0 : 1, random.Next(0, 50) == 0 ? 1 : 0,
                random.Next(0, 10) < 8 ? 0 : 1,
                complaints >= 1 ? (5 * random.Next(1, 5)).ToString(CultureInfo.InvariantCulture) : "",
                complaints >= 2 ? (5 * random.Next(1, 5)).ToString(CultureInfo.InvariantCulture) : "",
                random.Next(0, 4), random.Next(0, 6)));
        }
    }

    /// <summary>Satisfaction-index members with scores 0.0–99.9 in tenths, each part within its maximum.</summary>
    public static void Satisfaction(string path, int members, int seed)
    {
        var random = new Random(seed);
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false));
        writer.WriteLine("工号,完成数量,质量效果,服务态度,及时性,服务效果,管理");
        var parts = new[] { 10m, 20m, 10m, 10m, 20m, 30m };
        for (var i = 0; i < members; i++)
        {
            var remaining = random.Next(0, 1000) / 10m;
            var values = new decimal[6];
            for (var p = 0; p < 6; p++)
            {
                values[p] = Math.Min(parts[p], remaining);
                remaining -= values[p];
            }
            writer.WriteLine($"M{i + 1:D6},{string.Join(",", values.Select(v => v.ToString(CultureInfo.InvariantCulture)))}");
        }
    }
}
