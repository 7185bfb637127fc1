using Appraisal.Engine;
using Appraisal.Engine.Compilation;
using Appraisal.Engine.Evaluation;
using Appraisal.Engine.Facts;
using Appraisal.Engine.Planning;
using Appraisal.Engine.Values;
using Appraisal.Policy.Semantics;
using Appraisal.Policy.Text;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Jobs;
using Newtonsoft.Json.Linq;
using RulesEngine.Models;

namespace Appraisal.Policy.Benchmarks;

/// <summary>
/// The after-sales KPI scorecard (domain.md §1, policies/after-sales) evaluated four ways in one run: a hand-written
/// C# implementation (the floor), the compiled tier, the tree evaluator, and Microsoft RulesEngine 6.0.1 with the
/// same rules. Each from already-parsed facts and end to end from JSON text. Every implementation's result is
/// checked against the policy's own in <see cref="Setup"/>, so a faster wrong answer cannot win.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RuntimeMoniker.Net10_0, launchCount: 1, warmupCount: 3, iterationCount: 10)]
public class AfterSalesBenchmarks
{
    private const string Json = """{"岗位":"普通售后客服","素质":"良","退款率":"6%","纠纷处理":"良","配合度":"良","执行力":"中","迟到":1,"客户表扬":3,"低质评价":1}""";

    private PolicyPlan _plan = null!;
    private CompiledPolicy _compiled = null!;
    private Value[] _facts = null!;
    private HandWrittenAfterSales.Facts _handFacts = null!;
    private RulesEngine.RulesEngine _rulesEngine = null!;
    private RuleParameter[] _ruleParameters = null!;
    private Appraisal.Engine.Embedding.LoadedPolicy _loaded = null!;

    [GlobalSetup]
    public void Setup()
    {
        var path = Path.Combine(RepositoryRoot(), "policies", "after-sales", "售后客服考核.policy");
        _plan = PolicyPipeline.LoadFile(path).Plan!;
        _compiled = CompiledPolicy.Compile(_plan);
        _facts = FactReader.Read(_plan.Inputs, Json).Facts ?? throw new InvalidOperationException("facts rejected");
        _handFacts = HandWrittenAfterSales.Parse(Json);
        _rulesEngine = AfterSalesRulesEngine.Create();
        _ruleParameters = [new RuleParameter("f", _handFacts)];

        // The public embedding path, as a consumer of the package uses it, waited on until its compiled tier serves.
        _loaded = Appraisal.Engine.Embedding.PolicyEngine.LoadFile(path);
        if (!_loaded.WhenCompiledAsync().GetAwaiter().GetResult()) throw new InvalidOperationException("the embedding path did not compile");

        var expected = Evaluator.Evaluate(_plan, _facts)["工资"].AsNumber;
        Check("hand-written", HandWrittenAfterSales.Evaluate(_handFacts).Salary, expected);
        Check("compiled", _compiled.Evaluate(_facts)["工资"].AsNumber, expected);
        Check("RulesEngine", RulesEngineSalary(), expected);
        Check("embedding, built facts", EmbeddingBuiltFacts()["工资"].Number!.Value, expected);
        Check("embedding, JSON", EmbeddingJson()["工资"].Number!.Value, expected);
    }

    private static void Check(string who, decimal actual, decimal expected)
    {
        if (actual != expected) throw new InvalidOperationException($"{who} computes {actual}, the policy {expected}");
    }

    [Benchmark(Baseline = true, Description = "hand-written C#")]
    public decimal HandWritten() => HandWrittenAfterSales.Evaluate(_handFacts).Salary;

    [Benchmark(Description = "compiled tier")]
    public Outcome Compiled() => _compiled.Evaluate(_facts);

    [Benchmark(Description = "tree evaluator")]
    public Outcome Tree() => Evaluator.Evaluate(_plan, _facts);

    [Benchmark(Description = "RulesEngine 6.0.1")]
    public decimal RulesEngine() => RulesEngineSalary();

    [Benchmark(Description = "hand-written C# from JSON")]
    public decimal HandWrittenFromJson() => HandWrittenAfterSales.Evaluate(HandWrittenAfterSales.Parse(Json)).Salary;

    [Benchmark(Description = "compiled tier from JSON")]
    public Outcome CompiledFromJson() => _compiled.Evaluate(FactReader.Read(_plan.Inputs, Json).Facts!);

    [Benchmark(Description = "tree evaluator from JSON")]
    public Outcome TreeFromJson() => Evaluator.Evaluate(_plan, FactReader.Read(_plan.Inputs, Json).Facts!);

    /// <summary>What an embedder does per call: build the facts with the public fact builder, evaluate (compiled tier).</summary>
    [Benchmark(Description = "embedding: facts built per call (compiled)")]
    public Appraisal.Engine.Embedding.EvaluationResult EmbeddingBuiltFacts() => _loaded.Evaluate(_loaded.Facts()
        .Set("岗位", "普通售后客服").Set("素质", "良").SetPercent("退款率", 6).Set("纠纷处理", "良")
        .Set("配合度", "良").Set("执行力", "中").Set("迟到", 1).Set("客户表扬", 3).Set("低质评价", 1)
        .Build());

    /// <summary>The embedding package's JSON path: JSON text in, a typed result out (compiled tier).</summary>
    [Benchmark(Description = "embedding: JSON in (compiled)")]
    public Appraisal.Engine.Embedding.EvaluationResult EmbeddingJson() => _loaded.EvaluateJson(Json);

    /// <summary>The `policy eval --batch` path for one line: JSON facts in, JSON outputs out, on the compiled tier.</summary>
    [Benchmark(Description = "batch line: JSON in, JSON out (compiled)")]
    public string BatchLine()
    {
        var outcome = _compiled.Evaluate(FactReader.Read(_plan.Inputs, Json).Facts!);
        using var text = new StringWriter();
        using var writer = new Newtonsoft.Json.JsonTextWriter(text);
        Appraisal.Engine.Hosting.JsonEvaluation.WriteOutputs(writer, outcome);
        writer.Flush();
        return text.ToString();
    }

    private decimal RulesEngineSalary()
    {
        var result = _rulesEngine.ExecuteActionWorkflowAsync("AfterSales", "Salary", _ruleParameters).AsTask().GetAwaiter().GetResult();
        return Convert.ToDecimal(result.Output, System.Globalization.CultureInfo.InvariantCulture);
    }

    internal static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Policy.sln"))) return dir.FullName;
        }
        // BenchmarkDotNet runs the benchmark from a generated folder under bin/: fall back to the working directory.
        for (var dir = new DirectoryInfo(Environment.CurrentDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Policy.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException("Policy.sln not found");
    }
}

/// <summary>The after-sales policy written by hand in C#: the floor the engine is measured against.</summary>
public static class HandWrittenAfterSales
{
    public sealed class Facts
    {
        public string Role { get; set; } = "";
        public string Quality { get; set; } = "";
        public decimal RefundRate { get; set; }
        public string Disputes { get; set; } = "";
        public string Cooperation { get; set; } = "";
        public string Execution { get; set; } = "";
        public decimal Late { get; set; }
        public decimal Leave { get; set; }
        public decimal Absent { get; set; }
        public decimal LowReviews { get; set; }
        public decimal ComplaintPoints { get; set; }
        public decimal Praise { get; set; }
        public decimal Outstanding { get; set; }
    }

    public readonly record struct Result(decimal Score, bool Passed, decimal Bonus, decimal Salary);

    public static Facts Parse(string json)
    {
        var o = JObject.Parse(json, new Newtonsoft.Json.Linq.JsonLoadSettings());
        decimal Number(string name) => o[name] is { } t ? Convert.ToDecimal(((string?)t ?? "0").TrimEnd('%'), System.Globalization.CultureInfo.InvariantCulture) : 0m;
        var refund = (string?)o["退款率"] ?? "0";
        return new Facts
        {
            Role = (string?)o["岗位"] ?? "",
            Quality = (string?)o["素质"] ?? "",
            RefundRate = refund.EndsWith('%') ? decimal.Parse(refund[..^1], System.Globalization.CultureInfo.InvariantCulture) / 100m : decimal.Parse(refund, System.Globalization.CultureInfo.InvariantCulture),
            Disputes = (string?)o["纠纷处理"] ?? "",
            Cooperation = (string?)o["配合度"] ?? "",
            Execution = (string?)o["执行力"] ?? "",
            Late = Number("迟到"),
            Leave = Number("请假"),
            Absent = Number("旷工"),
            LowReviews = Number("低质评价"),
            ComplaintPoints = o["投诉扣分"] is JArray list ? list.Sum(p => (decimal)p) : 0m,
            Praise = Number("客户表扬"),
            Outstanding = Number("表现突出"),
        };
    }

    private static decimal Grade(string grade) => grade switch { "优" => 20m, "良" => 15m, "中" => 10m, _ => 0m };

    public static Result Evaluate(Facts f)
    {
        var refund = f.RefundRate <= 0.05m ? 30m : f.RefundRate <= 0.08m ? 20m : f.RefundRate <= 0.10m ? 10m : 0m;
        var attendance = Math.Max(20m - 5m * f.Late - 5m * f.Leave - 10m * f.Absent, 0m);
        var score = Grade(f.Quality) + refund + Grade(f.Disputes) + Grade(f.Cooperation) + Grade(f.Execution) + attendance
            - 5m * f.LowReviews - f.ComplaintPoints + 2m * f.Praise + f.Outstanding;
        var passed = score >= 0.7m * 130m;
        var bonus = passed ? Math.Round(1000m * score / 130m, 2, MidpointRounding.AwayFromZero) : 0m;
        var basePay = f.Role switch { "普通售后客服" => 2000m, "高级售后客服" => 2500m, _ => 3000m };
        return new Result(score, passed, bonus, Math.Round(basePay + bonus, 2, MidpointRounding.AwayFromZero));
    }
}

/// <summary>The same rules in Microsoft RulesEngine: local parameters for the items, an output expression for the pay.</summary>
public static class AfterSalesRulesEngine
{
    public static RulesEngine.RulesEngine Create()
    {
        string Grade(string field) => $"(f.{field} == \"优\" ? 20.0m : (f.{field} == \"良\" ? 15.0m : (f.{field} == \"中\" ? 10.0m : 0.0m)))";
        var score = string.Join(" + ",
            Grade("Quality"),
            "(f.RefundRate <= 0.05m ? 30.0m : (f.RefundRate <= 0.08m ? 20.0m : (f.RefundRate <= 0.10m ? 10.0m : 0.0m)))",
            Grade("Disputes"), Grade("Cooperation"), Grade("Execution"),
            "Math.Max(20.0m - 5.0m * f.Late - 5.0m * f.Leave - 10.0m * f.Absent, 0.0m)") +
            " - 5.0m * f.LowReviews - f.ComplaintPoints + 2.0m * f.Praise + f.Outstanding";
        var workflow = new Workflow
        {
            WorkflowName = "AfterSales",
            Rules =
            [
                new Rule
                {
                    RuleName = "Salary",
                    Expression = "true",
                    LocalParams = [new ScopedParam { Name = "score", Expression = score }],
                    Actions = new RuleActions
                    {
                        OnSuccess = new ActionInfo
                        {
                            Name = "OutputExpression",
                            Context = new Dictionary<string, object>
                            {
                                ["Expression"] = "Math.Round((f.Role == \"普通售后客服\" ? 2000.0m : (f.Role == \"高级售后客服\" ? 2500.0m : 3000.0m))" +
                                    " + (score >= 91.0m ? Math.Round(1000.0m * score / 130.0m, 2, MidpointRounding.AwayFromZero) : 0.0m), 2, MidpointRounding.AwayFromZero)",
                            },
                        },
                    },
                },
            ],
        };
        return new RulesEngine.RulesEngine([workflow], new ReSettings());
    }
}
