using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Appraisal.Engine;
using Appraisal.Engine.Facts;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Jobs;

namespace Appraisal.Policy.Benchmarks;

/// <summary>
/// Reading the after-sales fact document (policies/after-sales): the engine's validating fact reader against
/// System.Text.Json's source-generated deserializer reading the same document into a plain C# class (the baseline of
/// issue 13: the reader, with all its checks and every violation's path, should be no slower). From a string (what
/// the service's <c>facts_json</c> is) and from UTF-8 bytes.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RuntimeMoniker.Net10_0, launchCount: 1, warmupCount: 3, iterationCount: 10)]
public class FactReadingBenchmarks
{
    internal const string Json = """{"岗位":"普通售后客服","素质":"良","退款率":"6%","纠纷处理":"良","配合度":"良","执行力":"中","迟到":1,"客户表扬":3,"低质评价":1}""";

    private static readonly byte[] Utf8 = Encoding.UTF8.GetBytes(Json);
    private InputSchema _schema = null!;

    [GlobalSetup]
    public void Setup()
    {
        var path = Path.Combine(AfterSalesBenchmarks.RepositoryRoot(), "policies", "after-sales", "售后客服考核.policy");
        _schema = PolicyPipeline.LoadFile(path).Plan!.Inputs;
        if (!FactReader.Read(_schema, Json).IsValid) throw new InvalidOperationException("the facts are rejected");
        if (JsonSerializer.Deserialize(Json, AfterSalesJsonContext.Default.AfterSalesFacts)?.岗位 != "普通售后客服")
            throw new InvalidOperationException("the baseline did not read the document");
    }

    [Benchmark(Baseline = true, Description = "System.Text.Json source-generated, string")]
    public AfterSalesFacts? SourceGenerated() => JsonSerializer.Deserialize(Json, AfterSalesJsonContext.Default.AfterSalesFacts);

    [Benchmark(Description = "System.Text.Json source-generated, UTF-8")]
    public AfterSalesFacts? SourceGeneratedUtf8() => JsonSerializer.Deserialize(Utf8, AfterSalesJsonContext.Default.AfterSalesFacts);

    [Benchmark(Description = "fact reader, string")]
    public FactReadResult FactReaderString() => FactReader.Read(_schema, Json);

    [Benchmark(Description = "fact reader, UTF-8")]
    public FactReadResult FactReaderUtf8() => FactReader.Read(_schema, Utf8);
}

/// <summary>The after-sales facts as a plain class, as an embedder without the engine would declare them.</summary>
public sealed class AfterSalesFacts
{
    public string? 岗位 { get; set; }
    public string? 素质 { get; set; }
    public string? 退款率 { get; set; }
    public string? 纠纷处理 { get; set; }
    public string? 配合度 { get; set; }
    public string? 执行力 { get; set; }
    public int 迟到 { get; set; }
    public int 客户表扬 { get; set; }
    public int 低质评价 { get; set; }
}

[JsonSerializable(typeof(AfterSalesFacts))]
internal sealed partial class AfterSalesJsonContext : JsonSerializerContext;
