using Appraisal.Service.V1;
using Google.Rpc;
using Grpc.Core;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Appraisal.Service.Tests;

/// <summary>Periods and earlier periods, limits read from configuration, and logs that never contain facts.</summary>
public sealed class PeriodsAndLimitsTests : IDisposable
{
    private const string QuarterlyPay = "quarterly-pay/季度绩效工资";
    private const string QuarterlyFacts = """{ "全额工资": "10000", "指标一达成": true, "指标二达成": false, "月度评定": ["优秀", "合格", "合格"] }""";

    private readonly LogSink _logs = new();
    private readonly ServiceFactory _factory;
    private readonly V1.Appraisal.AppraisalClient _client;

    public PeriodsAndLimitsTests()
    {
        _factory = new ServiceFactory();
        var logged = _factory.WithWebHostBuilder(b => b.ConfigureServices(s => s.AddSingleton<ILoggerProvider>(_logs)));
        _client = new V1.Appraisal.AppraisalClient(ServiceFactory.ChannelTo(logged));
    }

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task Earlier_periods_feed_the_escalation()
    {
        var reply = await _client.EvaluateAsync(new EvaluateRequest
        {
            PolicyId = QuarterlyPay, FactsJson = QuarterlyFacts, Period = "2026-Q2",
            EarlierPeriods = { new V1.EarlierPeriod { Period = "2026-Q1", OutputsJson = """{ "双指标未达成": true }""" } },
        });
        var outputs = reply.Outputs.ToDictionary(o => o.Name, o => o.Value);
        Assert.Equal("0.15", outputs["绩效比例"].TrimEnd('0'));
        Assert.Equal("1530.00", outputs["绩效工资"]);
        Assert.Equal("10030.00", outputs["应发工资"]);
    }

    [Fact]
    public async Task A_bad_earlier_period_is_a_field_violation_under_earlier_periods()
    {
        var error = await Assert.ThrowsAsync<RpcException>(async () => await _client.EvaluateAsync(new EvaluateRequest
        {
            PolicyId = QuarterlyPay, FactsJson = QuarterlyFacts, Period = "2026-Q2",
            EarlierPeriods = { new V1.EarlierPeriod { Period = "2026-Q1", OutputsJson = """{ "双指标未达成": "也许" }""" } },
        }));
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal("earlier_periods['2026-Q1'].双指标未达成", error.GetRpcStatus()!.GetDetail<BadRequest>()!.FieldViolations.Single().Field);
    }

    [Fact]
    public async Task Fact_limits_come_from_configuration()
    {
        // ServiceFactory sets Facts:MaxListLength to 100.
        var list = string.Join(", ", Enumerable.Repeat("1", 101));
        var error = await Assert.ThrowsAsync<RpcException>(async () => await _client.EvaluateAsync(new EvaluateRequest
        {
            PolicyId = TestPolicies.AfterSales, FactsJson = TestPolicies.Facts91.Replace("}", $", \"投诉扣分\": [{list}] }}"),
        }));
        Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
        Assert.Contains("max_list_length", error.Status.Detail);
    }

    [Fact]
    public async Task Logs_never_contain_facts()
    {
        const string Secret = "机密的事实值";
        await Assert.ThrowsAsync<RpcException>(async () => await _client.EvaluateAsync(new EvaluateRequest
        {
            PolicyId = TestPolicies.AfterSales, FactsJson = TestPolicies.Facts91.Replace("\"良\", \"退款率\"", $"\"{Secret}\", \"退款率\""),
        }));
        using var call = _client.EvaluateStream();
        await call.RequestStream.WriteAsync(new EvaluateStreamRequest
        {
            RequestId = "1",
            Request = new EvaluateRequest { PolicyId = TestPolicies.AfterSales, FactsJson = $"{{ \"岗位\": \"{Secret}\" }}" },
        });
        await call.RequestStream.CompleteAsync();
        await foreach (var _ in call.ResponseStream.ReadAllAsync())
        {
        }
        Assert.NotEmpty(_logs.Messages);
        Assert.DoesNotContain(_logs.Messages, m => m.Contains(Secret, StringComparison.Ordinal));
    }

    [Fact]
    public void The_policy_directory_is_configured_or_found_above_the_content_root()
    {
        var root = TestPolicies.RepositoryRoot();
        Assert.Equal(Path.Combine(root, "policies"), PolicyStore.ResolveDirectory(null, Path.Combine(root, "src", "Appraisal.Service")));
        Assert.Equal(Path.Combine(root, "policies"), PolicyStore.ResolveDirectory("", root));
        Assert.Equal(Path.Combine(root, "elsewhere"), PolicyStore.ResolveDirectory("elsewhere", root));
        Assert.Equal("/tmp/p", PolicyStore.ResolveDirectory("/tmp/p", root));
    }
}
