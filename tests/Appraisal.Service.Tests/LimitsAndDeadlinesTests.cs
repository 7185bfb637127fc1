using System.Text;
using Appraisal.Engine.Facts;
using Appraisal.Service.Services;
using Appraisal.Service.V1;
using Google.Protobuf;
using Google.Rpc;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Appraisal.Service.Tests;

/// <summary>Configured limits (RESOURCE_EXHAUSTED naming the limit), deadlines and cancellation, and mistakes that get their own codes.</summary>
public sealed class LimitsAndDeadlinesTests : IDisposable
{
    private readonly LogSink _logs = new();
    private readonly ServiceFactory _factory = new();
    private readonly WebApplicationFactory<Program> _limited;
    private readonly GrpcChannel _channel;

    public LimitsAndDeadlinesTests()
    {
        _limited = _factory.WithWebHostBuilder(b =>
        {
            b.UseSetting("Service:MaxReceiveMessageBytes", "65536");
            b.UseSetting("Service:MaxSourceChars", "200");
            b.UseSetting("Facts:MaxGroupMembers", "3");
            b.ConfigureServices(s => s.AddSingleton<ILoggerProvider>(_logs));
        });
        _channel = ServiceFactory.ChannelTo(_limited);
    }

    public void Dispose()
    {
        _channel.Dispose();
        _limited.Dispose();
        _factory.Dispose();
    }

    private V1.Appraisal.AppraisalClient Client => new(_channel);

    private static string Members(int count) => "{" + string.Join(",", Enumerable.Range(0, count).Select(i =>
        $"\"m{i}\": {{ \"完成数量\": 10, \"质量效果\": 10, \"服务态度\": 5, \"及时性\": 5, \"服务效果\": {i % 20}, \"管理\": 20 }}")) + "}";

    private static void AssertLimit(RpcException error, string limit)
    {
        Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
        Assert.Contains(limit, error.Status.Detail);
        var status = error.GetRpcStatus()!;
        Assert.NotNull(status.GetDetail<QuotaFailure>());
    }

    [Fact]
    public async Task Too_many_group_members_is_RESOURCE_EXHAUSTED_max_group_members()
    {
        var error = await Assert.ThrowsAsync<RpcException>(async () =>
            await Client.EvaluateGroupAsync(new EvaluateGroupRequest { PolicyId = TestPolicies.Satisfaction, MembersJson = Members(4) }));
        AssertLimit(error, "max_group_members");
        Assert.Equal("$", error.GetRpcStatus()!.GetDetail<QuotaFailure>()!.Violations.Single().Subject);

        var reply = await Client.EvaluateGroupAsync(new EvaluateGroupRequest { PolicyId = TestPolicies.Satisfaction, MembersJson = Members(3) });
        Assert.Equal(3, reply.Members.Count);
    }

    [Fact]
    public async Task Too_long_a_source_for_Check_is_RESOURCE_EXHAUSTED_max_source_chars()
    {
        var error = await Assert.ThrowsAsync<RpcException>(async () =>
            await Client.CheckAsync(new CheckRequest { Source = "policy p\n" + new string(' ', 300) }));
        AssertLimit(error, "max_source_chars");
        var info = error.GetRpcStatus()!.GetDetail<ErrorInfo>()!;
        Assert.Equal(("LIMIT_EXCEEDED", "max_source_chars", "200"), (info.Reason, info.Metadata["limit"], info.Metadata["max"]));
    }

    [Fact]
    public async Task Too_large_a_message_is_RESOURCE_EXHAUSTED()
    {
        var error = await Assert.ThrowsAsync<RpcException>(async () =>
            await Client.EchoAsync(new EchoMessage { Payload = ByteString.CopyFrom(new byte[100_000]) }));
        Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
        Assert.Contains("maximum", error.Status.Detail);
        Assert.NotNull(await Client.EchoAsync(new EchoMessage { Payload = ByteString.CopyFrom(new byte[1000]) }));
    }

    [Fact]
    public async Task The_evaluation_budget_comes_from_configuration()
    {
        using var tight = _factory.WithWebHostBuilder(b => b.UseSetting("Evaluation:Budget", "1"));
        using var channel = ServiceFactory.ChannelTo(tight);
        var error = await Assert.ThrowsAsync<RpcException>(async () => await new V1.Appraisal.AppraisalClient(channel)
            .EvaluateAsync(new EvaluateRequest { PolicyId = TestPolicies.AfterSales, FactsJson = TestPolicies.Facts91 }));
        Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
        var info = error.GetRpcStatus()!.GetDetail<ErrorInfo>()!;
        Assert.Equal(("EVALUATION_BUDGET_EXCEEDED", "Evaluation:Budget"), (info.Reason, info.Metadata["limit"]));
        Assert.Equal("700.00", (await Client.EvaluateAsync(new EvaluateRequest { PolicyId = TestPolicies.AfterSales, FactsJson = TestPolicies.Facts91 }))
            .Outputs.Single(o => o.Name == "KPI奖金").Value);
    }

    [Fact]
    public async Task A_tiny_deadline_on_a_large_group_is_DEADLINE_EXCEEDED()
    {
        // 20,000 members take well over a second to evaluate; the deadline passes while the server is evaluating
        // (reading the 1.5 MB request takes a few milliseconds), and the server stops between members.
        // Over a real port: the in-process test server cannot reset a stream, so a call the server ends at its
        // deadline can reach the client there as a broken response instead of a status.
        var port = ShutdownTests.FreePort();
        using var unlimited = _factory.WithWebHostBuilder(b =>
        {
            b.UseSetting("Facts:MaxGroupMembers", "100000");
            b.UseSetting("Service:Port", port.ToString(System.Globalization.CultureInfo.InvariantCulture));
            b.UseSetting("Service:RestPort", "0");
        });
        unlimited.UseKestrel();
        unlimited.StartServer();
        using var channel = GrpcChannel.ForAddress($"http://127.0.0.1:{port}");
        var error = await Assert.ThrowsAsync<RpcException>(async () => await new V1.Appraisal.AppraisalClient(channel).EvaluateGroupAsync(
            new EvaluateGroupRequest { PolicyId = TestPolicies.Satisfaction, MembersJson = Members(20_000) },
            deadline: DateTime.UtcNow.AddMilliseconds(300)));
        Assert.Equal(StatusCode.DeadlineExceeded, error.StatusCode);
    }

    [Fact]
    public async Task The_service_stops_a_group_whose_call_is_cancelled()
    {
        using var policies = new TestPolicies();
        var service = Service(policies);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => service.EvaluateGroup(
            new EvaluateGroupRequest { PolicyId = TestPolicies.Satisfaction, MembersJson = Members(10) }, new FakeCallContext(cancelled.Token)));
    }

    [Fact]
    public void The_engine_checks_cancellation_between_members()
    {
        using var policies = new TestPolicies();
        var store = Store(policies);
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => Engine.Hosting.JsonEvaluation.EvaluateGroup(
            store.Find(TestPolicies.Satisfaction)!.Current!.Plan, Members(10), Engine.Evaluation.EvaluationOptions.Default, null, cancelled.Token));
    }

    [Theory]
    [InlineData(false, StatusCode.Cancelled)]
    [InlineData(true, StatusCode.DeadlineExceeded)]
    public async Task A_stopped_call_is_CANCELLED_or_DEADLINE_EXCEEDED_never_UNKNOWN(bool deadlinePassed, StatusCode expected)
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        var context = new FakeCallContext(cancelled.Token, deadlinePassed ? DateTime.UtcNow.AddSeconds(-1) : DateTime.MaxValue);
        var interceptor = new FailureInterceptor(NullLogger<FailureInterceptor>.Instance);
        var error = await Assert.ThrowsAsync<RpcException>(() => interceptor.UnaryServerHandler<EchoMessage, EchoMessage>(new EchoMessage(), context,
            (_, c) => throw new OperationCanceledException(c.CancellationToken)));
        Assert.Equal(expected, error.StatusCode);
    }

    [Fact]
    public async Task An_unexpected_exception_is_INTERNAL_with_a_correlation_id_in_the_log()
    {
        var logs = new LogSink();
        using var factory = new LoggerFactory([logs]);
        var interceptor = new FailureInterceptor(factory.CreateLogger<FailureInterceptor>());
        var error = await Assert.ThrowsAsync<RpcException>(() => interceptor.UnaryServerHandler<EchoMessage, EchoMessage>(new EchoMessage(),
            new FakeCallContext(method: "/appraisal.v1.Appraisal/Echo"), (_, _) => throw new InvalidOperationException("fact value 机密")));
        Assert.Equal(StatusCode.Internal, error.StatusCode);
        var id = error.Status.Detail.Split("correlation id ")[1].TrimEnd(')');
        var logged = Assert.Single(logs.Messages);
        Assert.Contains(id, logged);
        Assert.Contains("InvalidOperationException", logged);
        Assert.DoesNotContain("机密", logged);
    }

    [Theory]
    [InlineData("2026-Q5")]
    [InlineData("Q2-2026")]
    [InlineData("2026-13")]
    [InlineData("明年")]
    public async Task A_bad_period_is_INVALID_ARGUMENT_on_period(string period)
    {
        var error = await Assert.ThrowsAsync<RpcException>(async () => await Client.EvaluateAsync(new EvaluateRequest
        {
            PolicyId = TestPolicies.AfterSales, FactsJson = TestPolicies.Facts91, Period = period,
        }));
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal("period", error.GetRpcStatus()!.GetDetail<BadRequest>()!.FieldViolations.Single().Field);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public async Task An_empty_policy_id_is_INVALID_ARGUMENT(string id)
    {
        var evaluate = await Assert.ThrowsAsync<RpcException>(async () => await Client.EvaluateAsync(new EvaluateRequest { PolicyId = id, FactsJson = "{}" }));
        Assert.Equal(StatusCode.InvalidArgument, evaluate.StatusCode);
        Assert.Equal("policy_id", evaluate.GetRpcStatus()!.GetDetail<BadRequest>()!.FieldViolations.Single().Field);
        var group = await Assert.ThrowsAsync<RpcException>(async () => await Client.EvaluateGroupAsync(new EvaluateGroupRequest { PolicyId = id, MembersJson = "{}" }));
        Assert.Equal(StatusCode.InvalidArgument, group.StatusCode);
        var describe = await Assert.ThrowsAsync<RpcException>(async () => await Client.DescribePolicyAsync(new DescribePolicyRequest { PolicyId = id }));
        Assert.Equal(StatusCode.InvalidArgument, describe.StatusCode);
    }

    [Theory]
    [InlineData("1e400")]
    [InlineData("-1e400")]
    [InlineData("99999999999999999999999999999999999999999")]
    [InlineData("\"99999999999999999999999999999999999999999\"")]
    [InlineData("\"1e999999999\"")]
    public async Task A_huge_number_is_INVALID_ARGUMENT_naming_its_field(string number)
    {
        var error = await Assert.ThrowsAsync<RpcException>(async () => await Client.EvaluateAsync(new EvaluateRequest
        {
            PolicyId = TestPolicies.AfterSales, FactsJson = TestPolicies.Facts91.Replace("\"迟到\": 1", $"\"迟到\": {number}"),
        }));
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal("$.迟到", error.GetRpcStatus()!.GetDetail<BadRequest>()!.FieldViolations.Single().Field);
    }

    [Fact]
    public async Task Huge_numbers_in_a_struct_are_INVALID_ARGUMENT()
    {
        var facts = Google.Protobuf.WellKnownTypes.Struct.Parser.ParseJson(TestPolicies.Facts91.Replace("\"退款率\": \"6%\"", "\"退款率\": 1e300"));
        var error = await Assert.ThrowsAsync<RpcException>(async () => await Client.EvaluateAsync(new EvaluateRequest { PolicyId = TestPolicies.AfterSales, FactsStruct = facts }));
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[1, 2]")]
    [InlineData("{\"甲\": 1}")]
    public async Task Malformed_members_are_INVALID_ARGUMENT(string members)
    {
        var error = await Assert.ThrowsAsync<RpcException>(async () =>
            await Client.EvaluateGroupAsync(new EvaluateGroupRequest { PolicyId = TestPolicies.Satisfaction, MembersJson = members }));
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
    }

    [Fact]
    public async Task No_mistake_in_a_stream_comes_back_as_UNKNOWN_or_INTERNAL()
    {
        using var call = Client.EvaluateStream();
        var requests = new[]
        {
            new EvaluateRequest(),
            new EvaluateRequest { PolicyId = "../x", FactsJson = "{}" },
            new EvaluateRequest { PolicyId = TestPolicies.AfterSales, FactsJson = "{" },
            new EvaluateRequest { PolicyId = TestPolicies.AfterSales, FactsJson = TestPolicies.Facts91, Period = "2026-Q9" },
            new EvaluateRequest { PolicyId = TestPolicies.AfterSales, FactsJson = TestPolicies.Facts91.Replace("\"迟到\": 1", "\"迟到\": 1e400") },
            new EvaluateRequest { PolicyId = TestPolicies.AfterSales, FactsJson = TestPolicies.Facts91, Version = "../../etc" },
        };
        for (var i = 0; i < requests.Length; i++) await call.RequestStream.WriteAsync(new EvaluateStreamRequest { RequestId = i.ToString(), Request = requests[i] });
        await call.RequestStream.CompleteAsync();
        var codes = new List<int>();
        await foreach (var answer in call.ResponseStream.ReadAllAsync()) codes.Add(answer.Error.Code);
        Assert.Equal([(int)Code.InvalidArgument, (int)Code.NotFound, (int)Code.InvalidArgument, (int)Code.InvalidArgument, (int)Code.InvalidArgument, (int)Code.NotFound], codes);
        Assert.DoesNotContain(_logs.Messages, m => m.Contains("correlation id"));
    }

    private static PolicyStore Store(TestPolicies policies) =>
        new(Options.Create(new PoliciesOptions { Directory = policies.Directory }), new TestEnvironment(), NullLogger<PolicyStore>.Instance);

    private static AppraisalService Service(TestPolicies policies) =>
        new(Store(policies), FactLimits.Default, NullLogger<AppraisalService>.Instance);

    private sealed class TestEnvironment : Microsoft.Extensions.Hosting.IHostEnvironment
    {
        public string EnvironmentName { get; set; } = "Test";
        public string ApplicationName { get; set; } = "test";
        public string ContentRootPath { get; set; } = Path.GetTempPath();
        public Microsoft.Extensions.FileProviders.IFileProvider ContentRootFileProvider { get; set; } = new Microsoft.Extensions.FileProviders.NullFileProvider();
    }
}
