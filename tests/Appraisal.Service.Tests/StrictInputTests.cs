using System.Net;
using System.Text;
using Appraisal.Service.V1;
using Google.Rpc;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Newtonsoft.Json.Linq;

namespace Appraisal.Service.Tests;

/// <summary>
/// Strict input: a period in canonical form and of the policy's kind, ids and earlier periods within their limits and
/// free of control characters, and one request size limit on both faces.
/// </summary>
public sealed class StrictInputTests : IDisposable
{
    private const string QuarterlyPay = "quarterly-pay/季度绩效工资";
    private const string QuarterlyFacts = """{ "全额工资": "10000", "指标一达成": true, "指标二达成": false, "月度评定": ["优秀", "合格", "合格"] }""";

    private readonly ServiceFactory _factory = new();
    private readonly WebApplicationFactory<Program> _host;
    private readonly GrpcChannel _channel;

    public StrictInputTests()
    {
        _host = _factory.WithWebHostBuilder(b => b.UseSetting("Service:MaxReceiveMessageBytes", "65536"));
        _channel = ServiceFactory.ChannelTo(_host);
    }

    public void Dispose()
    {
        _channel.Dispose();
        _host.Dispose();
        _factory.Dispose();
    }

    private V1.Appraisal.AppraisalClient Client => new(_channel);

    private static BadRequest.Types.FieldViolation Violation(RpcException error) =>
        error.GetRpcStatus()!.GetDetail<BadRequest>()!.FieldViolations.Single();

    [Theory]
    [InlineData("2026-q1", "a quarter such as 2026-Q2")]
    [InlineData(" 2026-Q1", "a quarter such as 2026-Q2")]
    [InlineData("2026-Q1 ", "a quarter such as 2026-Q2")]
    [InlineData("2026-03", "the policy is appraised by quarter")]
    [InlineData("2026", "the policy is appraised by quarter")]
    [InlineData("2026-H1", "the policy is appraised by quarter")]
    public async Task A_period_must_be_canonical_and_of_the_kind_the_policy_declares(string period, string expected)
    {
        var error = await Assert.ThrowsAsync<RpcException>(async () => await Client.EvaluateAsync(new EvaluateRequest
        {
            PolicyId = QuarterlyPay, FactsJson = QuarterlyFacts, Period = period,
        }));
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        var violation = Violation(error);
        Assert.Equal("period", violation.Field);
        Assert.Contains(expected, violation.Description);
    }

    [Fact]
    public async Task A_monthly_policy_cannot_be_recorded_under_a_quarter()
    {
        var error = await Assert.ThrowsAsync<RpcException>(async () => await Client.EvaluateAsync(new EvaluateRequest
        {
            PolicyId = TestPolicies.AfterSales, FactsJson = TestPolicies.Facts91, Period = "2026-Q1",
            Record = true, SubjectId = "E1", RequestId = "monthly-as-quarter",
        }));
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal("period", Violation(error).Field);
        Assert.Contains("a month such as 2026-03", Violation(error).Description);
        var history = await Client.GetHistoryAsync(new GetHistoryRequest { SubjectId = "E1" });
        Assert.Empty(history.Entries);
    }

    [Theory]
    [InlineData("2026-q1")]
    [InlineData("2026-01")]
    [InlineData("")]
    public async Task An_earlier_period_must_be_canonical_and_of_the_policys_kind(string period)
    {
        var error = await Assert.ThrowsAsync<RpcException>(async () => await Client.EvaluateAsync(new EvaluateRequest
        {
            PolicyId = QuarterlyPay, FactsJson = QuarterlyFacts, Period = "2026-Q2",
            EarlierPeriods =
            {
                new V1.EarlierPeriod { Period = "2025-Q4", OutputsJson = """{ "双指标未达成": false }""" },
                new V1.EarlierPeriod { Period = period, OutputsJson = """{ "双指标未达成": true }""" },
            },
        }));
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal("earlier_periods[1].period", Violation(error).Field);
    }

    [Theory]
    [InlineData("""{ "双指标未达成": true, "双指标未达成": false }""", "earlier_periods[0].outputs_json.双指标未达成")]
    [InlineData("""{ "双指标未达成": true, /* a comment */ }""", "earlier_periods[0].outputs_json.双指标未达成")]
    [InlineData("""{ '双指标未达成': true }""", "earlier_periods[0].outputs_json")]
    public async Task The_outputs_of_an_earlier_period_are_strict_JSON_like_facts(string outputs, string field)
    {
        var error = await Assert.ThrowsAsync<RpcException>(async () => await Client.EvaluateAsync(new EvaluateRequest
        {
            PolicyId = QuarterlyPay, FactsJson = QuarterlyFacts, Period = "2026-Q2",
            EarlierPeriods = { new V1.EarlierPeriod { Period = "2026-Q1", OutputsJson = outputs } },
        }));
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal(field, Violation(error).Field);
    }

    [Theory]
    [InlineData("subject_id")]
    [InlineData("request_id")]
    public async Task An_id_longer_than_the_limit_is_RESOURCE_EXHAUSTED_naming_the_limit(string field)
    {
        var request = new EvaluateRequest
        {
            PolicyId = QuarterlyPay, FactsJson = QuarterlyFacts, Period = "2026-Q1", Record = true, SubjectId = "E1", RequestId = "r1",
        };
        var id = new string('x', 10_000);
        if (field == "subject_id") request.SubjectId = id;
        else request.RequestId = id;

        var error = await Assert.ThrowsAsync<RpcException>(async () => await Client.EvaluateAsync(request));
        Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
        Assert.Contains("max_id_chars", error.Status.Detail);
        Assert.True(error.Status.Detail.Length < 300, error.Status.Detail);
        var quota = error.GetRpcStatus()!.GetDetail<QuotaFailure>()!.Violations.Single();
        Assert.Equal(field, quota.Subject);
        Assert.Equal("256", error.GetRpcStatus()!.GetDetail<ErrorInfo>()!.Metadata["max"]);
        Assert.Empty((await Client.AuditAsync(new AuditRequest { SubjectId = "E1" })).Entries);
    }

    [Fact]
    public async Task An_id_of_exactly_the_limit_is_recorded()
    {
        var id = new string('x', 256);
        var reply = await Client.EvaluateAsync(new EvaluateRequest
        {
            PolicyId = QuarterlyPay, FactsJson = QuarterlyFacts, Period = "2026-Q1", Record = true, SubjectId = id, RequestId = id,
        });
        Assert.Equal(1, reply.Record.Revision);
    }

    [Theory]
    [InlineData("subject_id", "E\u00001")]
    [InlineData("request_id", "r\u00001")]
    [InlineData("request_id", "r\n1")]
    [InlineData("subject_id", "E\u001b[31m")]
    [InlineData("subject_id", "E\u0085")]
    public async Task Control_characters_in_an_id_are_INVALID_ARGUMENT(string field, string id)
    {
        var request = new EvaluateRequest
        {
            PolicyId = QuarterlyPay, FactsJson = QuarterlyFacts, Period = "2026-Q1", Record = true, SubjectId = "E1", RequestId = "r1",
        };
        if (field == "subject_id") request.SubjectId = id;
        else request.RequestId = id;

        var error = await Assert.ThrowsAsync<RpcException>(async () => await Client.EvaluateAsync(request));
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal(field, Violation(error).Field);
        Assert.Contains("control character", Violation(error).Description);
    }

    [Fact]
    public async Task A_stream_request_id_is_held_to_the_same_limits()
    {
        using var call = Client.EvaluateStream();
        await call.RequestStream.WriteAsync(new EvaluateStreamRequest
        {
            RequestId = new string('s', 300),
            Request = new EvaluateRequest { PolicyId = QuarterlyPay, FactsJson = QuarterlyFacts, Period = "2026-Q1", Record = true, SubjectId = "E1" },
        });
        await call.RequestStream.CompleteAsync();
        var answers = await call.ResponseStream.ReadAllAsync().ToListAsync();
        Assert.Equal((int)StatusCode.ResourceExhausted, Assert.Single(answers).Error.Code);
        Assert.Contains("max_id_chars", answers[0].Error.Message);
    }

    [Fact]
    public async Task More_earlier_periods_than_the_limit_is_RESOURCE_EXHAUSTED_naming_the_limit()
    {
        var request = new EvaluateRequest { PolicyId = QuarterlyPay, FactsJson = QuarterlyFacts, Period = "2100-Q1" };
        var period = new Engine.Values.PeriodValue(Policy.Syntax.PeriodKind.Quarter, 2100, 1);
        for (var i = 0; i < 201; i++)
        {
            period = period.Previous();
            request.EarlierPeriods.Add(new V1.EarlierPeriod { Period = period.ToString(), OutputsJson = "{}" });
        }
        var error = await Assert.ThrowsAsync<RpcException>(async () => await Client.EvaluateAsync(request));
        Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
        Assert.Contains("max_earlier_periods", error.Status.Detail);

        request.EarlierPeriods.RemoveAt(0);
        Assert.Equal("request", (await Client.EvaluateAsync(request)).HistorySource);
    }

    [Fact]
    public async Task A_REST_body_over_the_message_limit_is_RESOURCE_EXHAUSTED_like_the_same_request_over_gRPC()
    {
        // Service:MaxReceiveMessageBytes is 65536 here: the same request, 100,000 characters of facts, on both faces.
        var facts = QuarterlyFacts.Replace("\"10000\"", $"\"10000\", \"备注\": \"{new string('x', 100_000)}\"");
        var grpc = await Assert.ThrowsAsync<RpcException>(async () => await Client.EvaluateAsync(new EvaluateRequest { PolicyId = QuarterlyPay, FactsJson = facts }));
        Assert.Equal(StatusCode.ResourceExhausted, grpc.StatusCode);

        using var http = _host.CreateClient();
        var url = $"/v1/policies/{string.Join('/', QuarterlyPay.Split('/').Select(Uri.EscapeDataString))}:evaluate";
        var body = new JObject { ["factsJson"] = facts }.ToString();
        foreach (var chunked in new[] { false, true })
        {
            HttpContent content = chunked
                ? new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(body)))
                : new StringContent(body, Encoding.UTF8, "application/json");
            content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
            if (chunked) content.Headers.ContentLength = null;
            using var response = await http.PostAsync(url, content);
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.TooManyRequests, $"chunked={chunked}: {response.StatusCode} {text}");
            var status = JObject.Parse(text);
            Assert.Equal((int)StatusCode.ResourceExhausted, (int)status["code"]!);
            Assert.Contains("max_receive_message_bytes", (string?)status["message"]);
            Assert.Contains("QuotaFailure", status["details"]!.ToString());
        }

        // Below the limit the REST face answers as before.
        using var small = await http.PostAsync(url, new StringContent(new JObject { ["factsJson"] = QuarterlyFacts, ["period"] = "2026-Q1" }.ToString(), Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, small.StatusCode);
    }
}
