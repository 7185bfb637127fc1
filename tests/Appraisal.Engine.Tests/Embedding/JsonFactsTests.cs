using System.Text;
using Appraisal.Engine.Embedding;
using Appraisal.Engine.Facts;

namespace Appraisal.Engine.Tests.Embedding;

/// <summary>JSON facts from a string, UTF-8 bytes, a reader or a stream: the same outcome, the same errors, bounded reading.</summary>
public sealed class JsonFactsTests
{
    private static readonly LoadedPolicy Policy = PolicyEngine.LoadFile(
        Path.Combine(RepositoryPaths.Policies, "after-sales", "售后客服考核.policy"), new PolicyLoadOptions { Compile = false });

    // The policy's test "恰好 91 分：在合格线上".
    private const string Json = """
        { "岗位": "普通售后客服", "素质": "良", "退款率": "6%", "纠纷处理": "良", "配合度": "良", "执行力": "中",
          "迟到": 1, "客户表扬": 3, "低质评价": 1 }
        """;

    public static TheoryData<string> Sources => ["string", "bytes", "memory", "bytes with a byte order mark", "reader", "stream"];

    private static EvaluationResult Evaluate(string source, string json)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        return source switch
        {
            "string" => Policy.EvaluateJson(json),
            "bytes" => Policy.EvaluateJson(bytes),
            "memory" => Policy.EvaluateJson(new ReadOnlyMemory<byte>(bytes)),
            "bytes with a byte order mark" => Policy.EvaluateJson([0xEF, 0xBB, 0xBF, .. bytes]),
            "reader" => Policy.EvaluateJson(new StringReader(json)),
            "stream" => Policy.EvaluateJson(new MemoryStream([0xEF, 0xBB, 0xBF, .. bytes])),
            _ => throw new ArgumentOutOfRangeException(nameof(source)),
        };
    }

    [Theory]
    [MemberData(nameof(Sources))]
    public void Every_source_gives_the_outcome_the_policy_tests_expect(string source)
    {
        var result = Evaluate(source, Json);

        Assert.True(result.Succeeded, result.ToString());
        Assert.Equal("""{"得分":"91","考核合格":true,"KPI奖金":"700.00","工资":"2700.00"}""", result.OutputsJson());
        Assert.Equal(700.00m, result["KPI奖金"].Number);
        Assert.Equal("700.00", result["KPI奖金"].Number!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(result["考核合格"].Bool);
    }

    [Theory]
    [MemberData(nameof(Sources))]
    public void Every_source_gives_the_same_errors(string source)
    {
        var json = Json.Replace("\"6%\"", "6", StringComparison.Ordinal).Replace("\"中\"", "\"中等\"", StringComparison.Ordinal);
        var expected = Policy.EvaluateJson(json).FactErrors;

        var result = Evaluate(source, json);

        Assert.Equal(["$.退款率", "$.执行力"], expected.Select(e => e.Path));
        Assert.Equal(expected, result.FactErrors);
    }

    [Theory]
    [MemberData(nameof(Sources))]
    public void Malformed_JSON_is_one_error_with_its_place(string source)
    {
        var error = Assert.Single(Evaluate(source, "{ \"迟到\": 1, }").FactErrors);
        Assert.Equal("well-formed JSON", error.Expected);
    }

    [Fact]
    public void Bytes_that_are_not_UTF8_are_a_fact_error_not_an_exception()
    {
        byte[] bytes = [.. "{ \"备注\": \""u8, 0xFF, 0xFE, .. "\" }"u8];
        foreach (var result in new[] { Policy.EvaluateJson(bytes), Policy.EvaluateJson(new MemoryStream(bytes)) })
        {
            var error = Assert.Single(result.FactErrors);
            Assert.Equal(("$", "UTF-8 text", "bytes that are not UTF-8"), (error.Path, error.Expected, error.Found));
        }
    }

    [Fact]
    public void A_reader_is_read_no_further_than_the_size_limit()
    {
        using var policy = PolicyEngine.Load("policy 小\ninput { 备注: text }\noutput 长度: text = 备注\n", "小.policy",
            new PolicyLoadOptions { FactLimits = new FactLimits { MaxJsonChars = 100 }, Compile = false });
        var reader = new EndlessReader();

        var error = Assert.Single(policy.EvaluateJson(reader).FactErrors);

        Assert.Equal((FactErrorKind.LimitExceeded, "more than 100 characters"), (error.Kind, error.Found));
        Assert.True(reader.CharactersRead < 100_000);
        var bytes = Encoding.UTF8.GetBytes("{ \"备注\": \"" + new string('长', 200) + "\" }");
        Assert.Equal(FactErrorKind.LimitExceeded, Assert.Single(policy.EvaluateJson(bytes).FactErrors).Kind);
    }

    /// <summary>A reader that never ends: <c>{"备注": "xxxx…</c>.</summary>
    private sealed class EndlessReader : TextReader
    {
        public long CharactersRead { get; private set; }

        public override int Read(char[] buffer, int index, int count)
        {
            for (var i = 0; i < count; i++) buffer[index + i] = CharactersRead++ == 0 ? '{' : 'x';
            return count;
        }
    }
}
