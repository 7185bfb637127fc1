using Appraisal.Engine.Facts;
using Appraisal.Service.Services;
using Appraisal.Service.V1;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Appraisal.Service.Tests;

/// <summary>The service class alone, over a store of a private copy of policies/, called with a fake context.</summary>
public sealed class AppraisalServiceTests : IDisposable
{
    private const string DivisionPolicy = """
        policy 除法
        input { 分子: points  分母: points }
        output 比例: number = 分子 / 分母
        """;

    private const string BrokenPolicy = """
        policy 坏的
        input { 分数: points }
        output 结果: points = 不存在的名字
        """;

    private readonly TestPolicies _policies = new();
    private readonly AppraisalService _service;
    private readonly PolicyStore _store;

    public AppraisalServiceTests()
    {
        File.WriteAllText(_policies.PathOf("除法.policy"), DivisionPolicy);
        File.WriteAllText(_policies.PathOf("坏的.policy"), BrokenPolicy);
        _store = new PolicyStore(Options.Create(new PoliciesOptions { Directory = _policies.Directory }), new Environment(),
            NullLogger<PolicyStore>.Instance);
        _service = new AppraisalService(_store, new FactLimits { MaxListLength = 1 }, NullLogger<AppraisalService>.Instance);
    }

    public void Dispose() => _policies.Dispose();

    [Fact]
    public async Task Evaluate_returns_exact_decimals_as_strings()
    {
        var reply = await _service.Evaluate(new EvaluateRequest { PolicyId = TestPolicies.AfterSales, FactsJson = TestPolicies.Facts91 }, new FakeCallContext());

        var outputs = reply.Outputs.ToDictionary(o => o.Name);
        Assert.Equal("91", outputs["得分"].Value);
        Assert.Equal("points", outputs["得分"].Type);
        Assert.Equal("true", outputs["考核合格"].Value);
        Assert.Equal("700.00", outputs["KPI奖金"].Value);
        Assert.Equal("money", outputs["KPI奖金"].Type);
        Assert.Equal("2700.00", outputs["工资"].Value);
        Assert.Contains("\"KPI奖金\":\"700.00\"", reply.OutputsJson);
        Assert.Equal(_store.Find(TestPolicies.AfterSales)!.Current!.Hash, reply.Version);
        Assert.Equal(16, reply.Version.Length);
        Assert.Equal("2026.1", reply.DeclaredVersion);
        Assert.Equal("", reply.ExplanationText);
    }

    [Fact]
    public async Task Evaluate_reads_facts_given_as_a_struct()
    {
        var facts = Struct.Parser.ParseJson("""
            { "岗位": "高级售后客服", "素质": "优", "退款率": 0.03, "纠纷处理": "优", "配合度": "优", "执行力": "优" }
            """);
        var reply = await _service.Evaluate(new EvaluateRequest { PolicyId = TestPolicies.AfterSales, FactsStruct = facts }, new FakeCallContext());

        var outputs = reply.Outputs.ToDictionary(o => o.Name, o => o.Value);
        Assert.Equal("130", outputs["得分"]);
        Assert.Equal("3500.00", outputs["工资"]);
    }

    [Theory]
    [InlineData(ExplanationLevel.Summary, V1.Language.Zh)]
    [InlineData(ExplanationLevel.Full, V1.Language.En)]
    public async Task Evaluate_explains_at_the_requested_level(ExplanationLevel level, V1.Language language)
    {
        var reply = await _service.Evaluate(new EvaluateRequest
        {
            PolicyId = TestPolicies.AfterSales, FactsJson = TestPolicies.Facts91, Explanation = level, Language = language,
        }, new FakeCallContext());

        Assert.Contains("KPI奖金", reply.ExplanationText);
        if (level == ExplanationLevel.Full) Assert.StartsWith("{", reply.ExplanationJson);
        else Assert.Equal("", reply.ExplanationJson);
    }

    [Fact]
    public async Task Bad_facts_are_INVALID_ARGUMENT_with_a_field_violation_per_path()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => _service.Evaluate(new EvaluateRequest
        {
            PolicyId = TestPolicies.AfterSales,
            FactsJson = TestPolicies.Facts91.Replace("\"良\", \"退款率\"", "\"好\", \"退款率\"").Replace("\"迟到\": 1", "\"迟到\": -1"),
        }, new FakeCallContext()));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        var violations = error.GetRpcStatus()!.GetDetail<BadRequest>()!.FieldViolations;
        Assert.Contains(violations, v => v.Field == "$.素质" && v.Description.Contains("优, 良, 中, 差") && v.Description.Contains("\"好\""));
        Assert.Contains(violations, v => v.Field == "$.迟到");
    }

    [Fact]
    public async Task A_missing_fact_and_malformed_JSON_are_field_violations_too()
    {
        var missing = await Assert.ThrowsAsync<RpcException>(() => _service.Evaluate(new EvaluateRequest
        {
            PolicyId = TestPolicies.AfterSales, FactsJson = """{ "岗位": "普通售后客服" }""",
        }, new FakeCallContext()));
        Assert.Equal(StatusCode.InvalidArgument, missing.StatusCode);
        Assert.Contains(missing.GetRpcStatus()!.GetDetail<BadRequest>()!.FieldViolations, v => v.Field == "$.素质");

        var malformed = await Assert.ThrowsAsync<RpcException>(() => _service.Evaluate(new EvaluateRequest
        {
            PolicyId = TestPolicies.AfterSales, FactsJson = "{ \"岗位\": ",
        }, new FakeCallContext()));
        Assert.Equal(StatusCode.InvalidArgument, malformed.StatusCode);
        Assert.StartsWith("$", malformed.GetRpcStatus()!.GetDetail<BadRequest>()!.FieldViolations[0].Field);
    }

    [Fact]
    public async Task Exceeding_a_fact_limit_is_RESOURCE_EXHAUSTED_naming_the_limit()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => _service.Evaluate(new EvaluateRequest
        {
            PolicyId = TestPolicies.AfterSales, FactsJson = TestPolicies.Facts91.Replace("}", ", \"投诉扣分\": [5, 20] }"),
        }, new FakeCallContext()));

        Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
        Assert.Contains("max_list_length", error.Status.Detail);
        Assert.Equal("$.投诉扣分", error.GetRpcStatus()!.GetDetail<QuotaFailure>()!.Violations[0].Subject);
    }

    [Fact]
    public async Task Unknown_policy_or_version_is_NOT_FOUND()
    {
        var policy = await Assert.ThrowsAsync<RpcException>(() => _service.Evaluate(new EvaluateRequest
        {
            PolicyId = "no/such-policy", FactsJson = "{}",
        }, new FakeCallContext()));
        Assert.Equal(StatusCode.NotFound, policy.StatusCode);

        var version = await Assert.ThrowsAsync<RpcException>(() => _service.Evaluate(new EvaluateRequest
        {
            PolicyId = TestPolicies.AfterSales, Version = "0000000000000000", FactsJson = TestPolicies.Facts91,
        }, new FakeCallContext()));
        Assert.Equal(StatusCode.NotFound, version.StatusCode);
    }

    [Fact]
    public async Task A_pinned_current_version_answers()
    {
        var hash = _store.Find(TestPolicies.AfterSales)!.Current!.Hash;
        var reply = await _service.Evaluate(new EvaluateRequest
        {
            PolicyId = TestPolicies.AfterSales, Version = hash, FactsJson = TestPolicies.Facts91,
        }, new FakeCallContext());
        Assert.Equal(hash, reply.Version);
    }

    [Fact]
    public async Task A_policy_with_errors_and_no_good_version_is_FAILED_PRECONDITION_with_its_diagnostics()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => _service.Evaluate(new EvaluateRequest
        {
            PolicyId = "坏的", FactsJson = """{ "分数": 1 }""",
        }, new FakeCallContext()));

        Assert.Equal(StatusCode.FailedPrecondition, error.StatusCode);
        var violation = Assert.Single(error.GetRpcStatus()!.GetDetail<PreconditionFailure>()!.Violations);
        Assert.Equal("PL0101", violation.Type);
        Assert.Equal("坏的.policy(3,21)", violation.Subject);
    }

    [Fact]
    public async Task Division_by_zero_is_INVALID_ARGUMENT_with_its_location()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => _service.Evaluate(new EvaluateRequest
        {
            PolicyId = "除法", FactsJson = """{ "分子": 1, "分母": 0 }""",
        }, new FakeCallContext()));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        var info = error.GetRpcStatus()!.GetDetail<ErrorInfo>()!;
        Assert.Equal("EVALUATION_FAULT", info.Reason);
        Assert.Equal("除法.policy", info.Metadata["file"]);
        Assert.Equal("3", info.Metadata["line"]);
        Assert.StartsWith("除法.policy(3,", error.Status.Detail);
    }

    [Fact]
    public async Task A_malformed_period_is_a_field_violation()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => _service.Evaluate(new EvaluateRequest
        {
            PolicyId = TestPolicies.AfterSales, FactsJson = TestPolicies.Facts91, Period = "2026-Q5",
        }, new FakeCallContext()));
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal("period", error.GetRpcStatus()!.GetDetail<BadRequest>()!.FieldViolations[0].Field);
    }

    [Fact]
    public async Task The_stream_answers_each_request_by_id_and_fails_only_the_bad_one()
    {
        var writer = new ListWriter<EvaluateStreamReply>();
        await _service.EvaluateStream(new ListReader<EvaluateStreamRequest>(
        [
            new() { RequestId = "a", Request = new() { PolicyId = TestPolicies.AfterSales, FactsJson = TestPolicies.Facts91 } },
            new() { RequestId = "b", Request = new() { PolicyId = TestPolicies.AfterSales, FactsJson = """{ "岗位": "经理" }""" } },
            new() { RequestId = "c", Request = new() { PolicyId = "no/such-policy", FactsJson = "{}" } },
        ]), writer, new FakeCallContext());

        Assert.Equal(["a", "b", "c"], writer.Written.Select(r => r.RequestId));
        Assert.Equal("700.00", writer.Written[0].Reply.Outputs.Single(o => o.Name == "KPI奖金").Value);
        Assert.Null(writer.Written[0].Error);
        Assert.Equal((int)Code.InvalidArgument, writer.Written[1].Error.Code);
        Assert.Null(writer.Written[1].Reply);
        Assert.Contains(writer.Written[1].Error.Details, d => d.Is(BadRequest.Descriptor));
        Assert.Equal((int)Code.NotFound, writer.Written[2].Error.Code);
    }

    [Fact]
    public async Task Check_reports_diagnostics_in_the_requested_language_without_reading_includes()
    {
        var english = await _service.Check(new CheckRequest { Source = BrokenPolicy, FileName = "x.policy" }, new FakeCallContext());
        var diagnostic = Assert.Single(english.Diagnostics);
        Assert.Equal("PL0101", diagnostic.Code);
        Assert.Equal(Severity.Error, diagnostic.Severity);
        Assert.Equal("x.policy", diagnostic.File);
        Assert.Equal((3, 21), (diagnostic.Line, diagnostic.Column));
        Assert.Equal((3, 27), (diagnostic.EndLine, diagnostic.EndColumn));
        Assert.Equal(1, english.Errors);

        var chinese = await _service.Check(new CheckRequest { Source = BrokenPolicy, Language = V1.Language.Zh }, new FakeCallContext());
        Assert.NotEqual(diagnostic.Message, chinese.Diagnostics[0].Message);
        Assert.Equal("input.policy", chinese.Diagnostics[0].File);

        var include = await _service.Check(new CheckRequest
        {
            Source = "include \"../../etc/passwd\"\n" + DivisionPolicy,
        }, new FakeCallContext());
        Assert.NotEmpty(include.Diagnostics);

        var clean = await _service.Check(new CheckRequest { Source = _policies.Read(TestPolicies.AfterSalesFile) }, new FakeCallContext());
        Assert.Equal(0, clean.Errors);
    }

    [Fact]
    public async Task ListPolicies_names_every_policy_with_its_status()
    {
        var reply = await _service.ListPolicies(new ListPoliciesRequest(), new FakeCallContext());

        Assert.Equal(13, reply.Policies.Count);
        var afterSales = reply.Policies.Single(p => p.Id == TestPolicies.AfterSales);
        Assert.Equal(PolicyStatus.Ready, afterSales.Status);
        Assert.Equal("售后客服考核", afterSales.Name);
        Assert.Equal("month", afterSales.Period);
        var broken = reply.Policies.Single(p => p.Id == "坏的");
        Assert.Equal(PolicyStatus.Broken, broken.Status);
        Assert.Equal("", broken.Version);
        Assert.Equal("PL0101", broken.Diagnostics.Single().Code);
    }

    [Fact]
    public async Task DescribePolicy_gives_the_input_schema_outputs_and_citations()
    {
        var reply = await _service.DescribePolicy(new DescribePolicyRequest { PolicyId = TestPolicies.AfterSales }, new FakeCallContext());

        var inputs = reply.Inputs.ToDictionary(i => i.Name);
        Assert.Equal(["优", "良", "中", "差"], inputs["素质"].EnumValues);
        Assert.True(inputs["素质"].Required);
        Assert.StartsWith("聊天记录抽查", inputs["素质"].Description);
        Assert.Equal(0m, decimal.Parse(inputs["退款率"].Low, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(1m, decimal.Parse(inputs["退款率"].High, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("", inputs["素质"].Low);
        Assert.False(inputs["迟到"].Required);
        Assert.Equal("\"0\"", inputs["迟到"].DefaultJson);
        Assert.Equal(["得分", "考核合格", "KPI奖金", "工资"], reply.Outputs.Select(o => o.Name));
        Assert.Equal("money", reply.Outputs.Single(o => o.Name == "工资").Type);
        Assert.Contains(reply.Citations, c => c.Text.Contains("退款率 ≤5%") && c.AppliesTo.Contains("退款率分"));
        Assert.Equal("2026-01-01", reply.Effective);
        Assert.Equal(PolicyStatus.Ready, reply.Summary.Status);

        var broken = await _service.DescribePolicy(new DescribePolicyRequest { PolicyId = "坏的" }, new FakeCallContext());
        Assert.Equal(PolicyStatus.Broken, broken.Summary.Status);
        Assert.Empty(broken.Inputs);
    }

    [Fact]
    public async Task Echo_returns_its_payload()
    {
        var payload = Google.Protobuf.ByteString.CopyFromUtf8("ping");
        var reply = await _service.Echo(new EchoMessage { Payload = payload }, new FakeCallContext());
        Assert.Equal(payload, reply.Payload);
    }

    [Fact]
    public async Task A_version_the_store_drops_stops_using_its_compiled_tier()
    {
        var store = new PolicyStore(Options.Create(new PoliciesOptions { Directory = _policies.Directory, KeptVersions = 1 }), new Environment(),
            NullLogger<PolicyStore>.Instance);
        var first = store.Find("除法")!.Current!;
        Assert.True(await first.Evaluator.WhenCompiledAsync());

        File.WriteAllText(_policies.PathOf("除法.policy"), DivisionPolicy + "\n// second\n");
        store.Rescan();
        Assert.NotNull(first.Evaluator.Compiled); // kept: one earlier version may still be pinned
        File.WriteAllText(_policies.PathOf("除法.policy"), DivisionPolicy + "\n// third\n");
        store.Rescan();

        Assert.Null(first.Evaluator.Compiled); // dropped: released, later calls on it would use the tree
        Assert.DoesNotContain(first, store.Find("除法")!.Earlier);
        File.Delete(_policies.PathOf("除法.policy"));
        var current = store.Find("除法")!.Current!;
        Assert.True(await current.Evaluator.WhenCompiledAsync());
        store.Rescan();
        Assert.Null(current.Evaluator.Compiled); // the file is gone: every version of it is released
    }

    private sealed class Environment : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = "Test";
        public string ApplicationName { get; set; } = "Appraisal.Service.Tests";
        public string ContentRootPath { get; set; } = AppContext.BaseDirectory;
        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
    }
}
