
namespace Appraisal.Engine.Tests.Compilation;

/// <summary>Policies written for the differential test, to reach constructs the real policies do not use.</summary>
public static class ExtraPolicies
{
    /// <summary>
    /// Every kind of node: unique/first/collect-sum tables with ranges (open and closed), several tests in a cell
    /// and else rows; min/max/abs/floor/ceil/round with modes; date arithmetic; any/all/min/max/count/sum
    /// aggregations with where; in-range; text and enum comparisons; exceptions; a rule only read when a divisor
    /// is not zero.
    /// </summary>
    public const string Kitchen_sink = """
        policy 综合
        enum 结果 { 已处理, 未处理 }
        enum 档 { 低, 中, 高 }
        record 单 { 结果: 结果 = 未处理  分: points in 0..20 }
        input {
          a: points
          b: points
          p: percent in 0%..100%
          n: count = 0
          m: money
          d1: date
          d2: date
          dur: duration
          名: text = "甲"
          g: 档
          单据: list of 单 = []
          分数: list of points = []
          旗: bool = false
        }
        table 区间(x: points, y: 档) -> text unique {
          0..<60   | 低, 中 => "一"
          60..80   | -     => "二"
          > 80     | 高    => "三"
          else => "四"
        }
        table 加成(x: points, k: count) -> points collect sum {
          >= 10 | -    => x / 10
          -     | >= 2 => 3
          else => -1
        }
        table 严格(x: points) -> points { < 0 => 0  0..<50 => 1  >= 50 => 2 }
        let 比: number = a / b
        let 安全比: number = if b != 0 then a / b else 0
        let 最少: points = min(a, b, 5)
        let 最多: points = max(a, -b)
        let 取整: points = floor(a) + ceil(b) - abs(a - b)
        let 舍: points = round(a * 1.005, 0.01, half_even) + round(b, 0.5, up) + round(a, 1, down)
        let 日差: duration = d2 - d1
        let 后: date = d1 + dur
        let 任一: bool = any(x in 单据 where x.分 > 10 : x.结果 == 已处理)
        let 全部: bool = all(x in 单据 : x.结果 == 已处理)
        let 最低: points = if count(x in 单据) > 0 then min(x in 单据 : x.分) else 0
        let 最高: points = if count(s in 分数) > 0 then max(s in 分数 : s) else -1
        let 在内: bool = a in 10..b
        let 名对: bool = 名 == "甲" or not 旗 and 名 != "乙"
        let 表: text = 区间(a, g)
        output 输出1: number = 比 unless 旗 => 0 unless b == 0 => -1
        output 输出2: points round 0.01 = 最少 + 最多 + 取整 + 舍 + 加成(a, n) + 严格(b)
        output 输出3: bool = 任一 or 全部 and 在内 or 名对
        output 输出4: text = 表
        output 输出5: points = 最低 + 最高
        output 输出6: duration = 日差
        output 输出7: date = 后
        output 输出8: money round 1 half_even = m * p - (1 yuan each n) + 安全比 * 1 yuan
        output 输出9: 档 = if 在内 then g else 档.低
        """;

    public static IReadOnlyList<(string Name, string Source)> All { get; } = [(nameof(Kitchen_sink), Kitchen_sink)];
}
