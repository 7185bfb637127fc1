using Appraisal.Engine.Facts;
using Appraisal.Engine.Values;

namespace Appraisal.Engine.Tests.Facts;

/// <summary>
/// The policy the fact-reader tests read facts for, and helpers that state what a document is read as.
/// Two inputs are required (岗位工资, 退款率); every other input has a default.
/// </summary>
public abstract class FactSpec
{
    protected const string Policy = """
        policy 事实读取
          period month

        enum 处理结果 { 已处理, 未处理 }
        enum 等级 { 优, 良, 中, 差 }

        record 投诉记录 {
          结果: 处理结果
          满意度: percent in 0%..100% = 100%
          扣分: points in 5..20 = 5
          响应时长: duration          "从投诉单到答复"
          回访: optional 等级         "回访评价，未回访则不填"
        }

        input {
          岗位工资: money in 0 yuan..100000 yuan
          退款率: percent in 0%..100%
          增长率: percent = 0%
          超额率: percent in 0%..300% = 0%
          表现突出: points in 0..5 = 0
          迟到: count = 0
          上门时长: duration = 0h
          入职日期: date = 2020-01-01
          考核期: period = 2026-Q1
          转正: bool = true
          备注: text = ""
          等级: 等级 = 良
          系数: number = 1
          投诉: list of 投诉记录 = []
          投诉扣分: list of points = []
          复评分: optional points in 60..100
        }
        """;

    protected static readonly InputSchema Schema = TestPolicies.Schema(Policy);

    /// <summary>A document with the given members, and the two required inputs (岗位工资 1000, 退款率 0.05) unless given.</summary>
    protected static string Doc(string members = "")
    {
        var all = new List<string>();
        if (!members.Contains("\"岗位工资\"", StringComparison.Ordinal)) all.Add("\"岗位工资\": 1000");
        if (!members.Contains("\"退款率\"", StringComparison.Ordinal)) all.Add("\"退款率\": 0.05");
        if (members.Length > 0) all.Add(members);
        return "{" + string.Join(", ", all) + "}";
    }

    protected static FactReadResult Read(string json, FactLimits? limits = null) => FactReader.Read(Schema, json, limits);

    /// <summary>Reads the document, which must be accepted, and returns the value of <paramref name="input"/>.</summary>
    protected static Value Accepted(string json, string input)
    {
        var result = Read(json);
        Assert.True(result.IsValid, "rejected: " + string.Join("; ", result.Errors.Select(e => e.Message)));
        Assert.Empty(result.Errors);
        return result.Facts![Schema.Field(input)!.Slot];
    }

    /// <summary>The number <paramref name="input"/> is read as, given the JSON <paramref name="value"/>.</summary>
    protected static decimal Number(string input, string value) => Accepted(Doc($"\"{input}\": {value}"), input).AsNumber;

    /// <summary>Reads the document, which must be rejected with exactly one error, and returns it.</summary>
    protected static FactError Rejected(string json, FactLimits? limits = null)
    {
        var result = Read(json, limits);
        Assert.False(result.IsValid);
        Assert.Null(result.Facts);
        return Assert.Single(result.Errors);
    }

    /// <summary>Asserts the one error of a rejected document: where, what was expected, what was found.</summary>
    protected static void AssertRejected(string json, string path, string expected, string found)
    {
        var error = Rejected(json);
        Assert.Equal((path, expected, found), (error.Path, error.Expected, error.Found));
        Assert.Equal(FactErrorKind.Invalid, error.Kind);
    }

    /// <summary>The text of a decimal with its scale: 1000.10m is "1000.10", so the tests see trailing zeros kept.</summary>
    protected static string Exact(decimal value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
