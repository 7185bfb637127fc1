using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using Appraisal.Service.V1;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Newtonsoft.Json.Linq;
using OpenTelemetry.Trace;
using StatusCode = Grpc.Core.StatusCode;

namespace Appraisal.Service.Tests;

/// <summary>
/// Traces and metrics: <c>/metrics</c> (Prometheus text) counts evaluations by policy and status, and spans carry the
/// policy id and version — and neither ever carries a fact. The meters are the process's, shared by every host in it,
/// so each test evaluates a copy of the after-sales policy under an id of its own.
/// </summary>
public sealed partial class TelemetryTests : IDisposable
{
    private const string Subject = "员工-机密-4711";
    private const string RequestId = "请求-机密-0815";
    private const string BadValue = "机密的值";

    private readonly ServiceFactory _factory = new();
    private readonly List<Activity> _spans = [];
    private readonly WebApplicationFactory<Program> _host;
    private readonly GrpcChannel _channel;

    /// <summary>The after-sales policy under an id no other test evaluates.</summary>
    private readonly string _policy = "after-sales/指标-" + Guid.NewGuid().ToString("N")[..8];

    public TelemetryTests()
    {
        File.WriteAllText(_factory.Policies.PathOf(_policy + ".policy"), _factory.Policies.Read(TestPolicies.AfterSalesFile));
        _host = _factory.WithWebHostBuilder(b =>
        {
            b.UseSetting("Telemetry:Traces", "true");
            b.ConfigureServices(s => s.ConfigureOpenTelemetryTracerProvider(t => t.AddInMemoryExporter(_spans)));
        });
        _channel = ServiceFactory.ChannelTo(_host);
    }

    public void Dispose()
    {
        _channel.Dispose();
        _host.Dispose();
        _factory.Dispose();
    }

    private V1.Appraisal.AppraisalClient Client => new(_channel);

    private static string BadFacts => TestPolicies.Facts91.Replace("\"良\", \"退款率\"", $"\"{BadValue}\", \"退款率\"");

    private static string PolicyPath(string id) => string.Join('/', id.Split('/').Select(Uri.EscapeDataString));

    [Fact]
    public async Task Metrics_count_evaluations_and_errors_by_policy_and_status()
    {
        using var http = _host.CreateClient();
        var before = await Scrape(http);
        Assert.Null(Sample(before, "appraisal_evaluations_total", ("policy_id", _policy), ("status", "OK")));

        await Client.EvaluateAsync(new EvaluateRequest { PolicyId = _policy, FactsJson = TestPolicies.Facts91 });
        await Client.EvaluateAsync(new EvaluateRequest
        {
            PolicyId = _policy, FactsJson = TestPolicies.Facts91, Record = true, SubjectId = Subject, RequestId = RequestId, Period = "2026-03",
        });
        var rest = await http.PostAsync($"/v1/policies/{PolicyPath(_policy)}:evaluate",
            new StringContent(new JObject { ["factsJson"] = TestPolicies.Facts91 }.ToString(), Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, rest.StatusCode);
        for (var i = 0; i < 2; i++)
        {
            var bad = await Assert.ThrowsAsync<RpcException>(async () =>
                await Client.EvaluateAsync(new EvaluateRequest { PolicyId = _policy, FactsJson = BadFacts, SubjectId = Subject }));
            Assert.Equal(StatusCode.InvalidArgument, bad.StatusCode);
        }
        var unknown = await Assert.ThrowsAsync<RpcException>(async () =>
            await Client.EvaluateAsync(new EvaluateRequest { PolicyId = "no/such-" + Subject, FactsJson = TestPolicies.Facts91 }));
        Assert.Equal(StatusCode.NotFound, unknown.StatusCode);

        var after = await Scrape(http);
        Assert.Equal(3, Sample(after, "appraisal_evaluations_total", ("policy_id", _policy), ("status", "OK")));
        Assert.Equal(2, Sample(after, "appraisal_evaluations_total", ("policy_id", _policy), ("status", "INVALID_ARGUMENT")));
        Assert.Equal(2, Sample(after, "appraisal_evaluation_errors_total", ("policy_id", _policy), ("status", "INVALID_ARGUMENT")));
        Assert.Null(Sample(after, "appraisal_evaluation_errors_total", ("policy_id", _policy), ("status", "OK")));
        Assert.Equal(3, Sample(after, "appraisal_evaluation_duration_seconds_count", ("policy_id", _policy), ("status", "OK")));
        Assert.True(Sample(after, "appraisal_evaluation_duration_seconds_sum", ("policy_id", _policy), ("status", "OK")) > 0);
        // A policy id that names no policy is counted without minting a label of the caller's choosing.
        Assert.True(Sample(after, "appraisal_evaluations_total", ("policy_id", "(unknown)"), ("status", "NOT_FOUND")) >= 1);
        Assert.DoesNotContain("no/such-", after);
        // The policy was loaded once (at start); the recorded call went through a group commit.
        Assert.Equal(1, Sample(after, "appraisal_policy_reloads_total", ("policy_id", _policy), ("outcome", "loaded")));
        Assert.True(Sample(after, "appraisal_ledger_batch_size_count", ("store", "sqlite"), ("outcome", "committed"))
            > (Sample(before, "appraisal_ledger_batch_size_count", ("store", "sqlite"), ("outcome", "committed")) ?? 0));
        Assert.True(Sample(after, "appraisal_ledger_commit_duration_seconds_count", ("store", "sqlite"), ("outcome", "committed")) >= 1);

        // Never a fact: no fact value, subject id or request id in any line.
        foreach (var fact in new[] { Subject, RequestId, BadValue, "普通售后客服" }) Assert.DoesNotContain(fact, after);
    }

    [Fact]
    public async Task Spans_carry_the_policy_id_and_version_and_never_a_fact()
    {
        var reply = await Client.EvaluateAsync(new EvaluateRequest
        {
            PolicyId = _policy, FactsJson = TestPolicies.Facts91, Record = true, SubjectId = Subject, RequestId = RequestId, Period = "2026-03",
        });
        await Assert.ThrowsAsync<RpcException>(async () =>
            await Client.EvaluateAsync(new EvaluateRequest { PolicyId = _policy, FactsJson = BadFacts, SubjectId = Subject }));
        using (var stream = Client.EvaluateStream())
        {
            await stream.RequestStream.WriteAsync(new EvaluateStreamRequest
            {
                RequestId = RequestId + "-s", Request = new EvaluateRequest { PolicyId = _policy, FactsJson = TestPolicies.Facts91 },
            });
            await stream.RequestStream.CompleteAsync();
            await foreach (var _ in stream.ResponseStream.ReadAllAsync())
            {
            }
        }
        using var http = _host.CreateClient();
        var history = await http.GetAsync($"/v1/subjects/{Uri.EscapeDataString(Subject)}/history?policy_id={Uri.EscapeDataString(_policy)}");
        Assert.Equal(HttpStatusCode.OK, history.StatusCode);

        List<Activity> spans;
        lock (_spans) spans = _spans.ToList();
        var evaluate = spans.Where(s => s.DisplayName == "appraisal.v1.Appraisal/Evaluate" && Equals(s.GetTagItem(ServiceTelemetry.PolicyIdTag), _policy)).ToList();
        Assert.Equal(2, evaluate.Count);
        Assert.All(evaluate, s => Assert.Equal(reply.Version, s.GetTagItem(ServiceTelemetry.PolicyVersionTag)));
        Assert.All(evaluate, s => Assert.Equal("grpc", s.GetTagItem("rpc.system")));
        Assert.Contains(evaluate, s => (int?)s.GetTagItem("rpc.grpc.status_code") == (int)StatusCode.InvalidArgument && s.Status == ActivityStatusCode.Error);
        var message = Assert.Single(spans, s => s.DisplayName == "appraisal.v1.Appraisal/EvaluateStream message" && Equals(s.GetTagItem(ServiceTelemetry.PolicyIdTag), _policy));
        Assert.Equal(reply.Version, message.GetTagItem(ServiceTelemetry.PolicyVersionTag));
        Assert.Contains(spans, s => s.DisplayName == "appraisal.v1.Appraisal/GetHistory");

        // Every span of the host (ours and ASP.NET Core's, the REST request with the subject in its path included):
        // no fact value, subject id or request id in a name, an attribute, an event or a link.
        foreach (var span in spans)
        {
            var text = new StringBuilder(span.DisplayName).Append(' ').Append(span.OperationName).Append(' ').Append(span.StatusDescription);
            foreach (var tag in span.TagObjects) text.Append(' ').Append(tag.Key).Append('=').Append(Convert.ToString(tag.Value, CultureInfo.InvariantCulture));
            foreach (var e in span.Events)
            {
                text.Append(' ').Append(e.Name);
                foreach (var tag in e.Tags) text.Append(' ').Append(Convert.ToString(tag.Value, CultureInfo.InvariantCulture));
            }
            foreach (var fact in new[] { Subject, Uri.EscapeDataString(Subject), RequestId, BadValue, "普通售后客服" })
                Assert.False(text.ToString().Contains(fact, StringComparison.Ordinal), $"span {span.DisplayName} carries '{fact}': {text}");
        }
    }

    [Fact]
    public async Task A_batch_is_counted_per_item_with_a_span_per_message_and_never_a_fact()
    {
        using var http = _host.CreateClient();
        using (var stream = Client.EvaluateBatchStream())
        {
            await stream.RequestStream.WriteAsync(new EvaluateBatchRequest
            {
                BatchId = RequestId, PolicyId = _policy,
                Items =
                {
                    new EvaluateBatchItem { Id = RequestId + "-1", FactsJson = TestPolicies.Facts91, SubjectId = Subject },
                    new EvaluateBatchItem { Id = RequestId + "-2", FactsJson = TestPolicies.Facts91 },
                    new EvaluateBatchItem { Id = RequestId + "-3", FactsJson = BadFacts, SubjectId = Subject },
                },
            });
            await stream.RequestStream.WriteAsync(new EvaluateBatchRequest { BatchId = "refused", PolicyId = _policy, Record = true });
            await stream.RequestStream.CompleteAsync();
            var replies = await stream.ResponseStream.ReadAllAsync().ToListAsync();
            Assert.Equal(3, replies[0].Items.Count);
            Assert.NotNull(replies[1].Error);
        }

        var metrics = await Scrape(http);
        Assert.Equal(2, Sample(metrics, "appraisal_evaluations_total", ("policy_id", _policy), ("status", "OK")));
        Assert.Equal(1, Sample(metrics, "appraisal_evaluations_total", ("policy_id", _policy), ("status", "INVALID_ARGUMENT")));
        Assert.True(Sample(metrics, "appraisal_evaluations_total", ("policy_id", "(unknown)"), ("status", "INVALID_ARGUMENT")) >= 1);
        List<Activity> spans;
        lock (_spans) spans = _spans.ToList();
        // The listener sees the spans of every host in this process (the activity source is static): this stream's
        // two messages are the ones in the trace of the message evaluated against this test's own policy.
        var evaluated = Assert.Single(spans, s => s.DisplayName == "appraisal.v1.Appraisal/EvaluateBatchStream message"
            && Equals(s.GetTagItem(ServiceTelemetry.PolicyIdTag), _policy));
        var messages = spans.Where(s => s.DisplayName == "appraisal.v1.Appraisal/EvaluateBatchStream message" && s.TraceId == evaluated.TraceId).ToList();
        Assert.Equal(2, messages.Count);
        Assert.NotNull(evaluated.GetTagItem(ServiceTelemetry.PolicyVersionTag));
        foreach (var fact in new[] { Subject, RequestId, BadValue, "普通售后客服" }) Assert.DoesNotContain(fact, metrics);
        foreach (var span in spans)
        {
            var text = new StringBuilder(span.DisplayName).Append(' ').Append(span.StatusDescription);
            foreach (var tag in span.TagObjects) text.Append(' ').Append(tag.Key).Append('=').Append(Convert.ToString(tag.Value, CultureInfo.InvariantCulture));
            foreach (var fact in new[] { Subject, RequestId, BadValue, "普通售后客服" })
                Assert.False(text.ToString().Contains(fact, StringComparison.Ordinal), $"span {span.DisplayName} carries '{fact}': {text}");
        }
    }

    [Fact]
    public async Task With_tokens_configured_metrics_need_one_and_a_setting_turns_them_off()
    {
        using (var secured = _factory.WithWebHostBuilder(b => b.UseSetting("Security:Token", "metrics-token-1")))
        using (var http = secured.CreateClient())
        {
            var refused = await http.GetAsync(TelemetryOptions.MetricsPath);
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
            Assert.Equal("missing bearer token: send the header 'authorization: Bearer <token>'", await refused.Content.ReadAsStringAsync());
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "wrong");
            Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync(TelemetryOptions.MetricsPath)).StatusCode);
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "metrics-token-1");
            var scraped = await http.GetAsync(TelemetryOptions.MetricsPath);
            Assert.Equal(HttpStatusCode.OK, scraped.StatusCode);
            Assert.Contains("appraisal_policy_reloads_total", await scraped.Content.ReadAsStringAsync());
        }
        using (var off = _factory.WithWebHostBuilder(b => b.UseSetting("Telemetry:Metrics", "false")))
        using (var http = off.CreateClient())
        {
            Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync(TelemetryOptions.MetricsPath)).StatusCode);
        }
    }

    [Fact]
    public async Task In_registry_mode_each_published_version_read_is_counted_as_a_reload()
    {
        const string token = "telemetry-registry-token-91ad";
        var id = "bonus/指标-" + Guid.NewGuid().ToString("N")[..8];
        await using var registry = _factory.WithWebHostBuilder(b =>
        {
            b.UseSetting("Policies:Source", "registry");
            b.UseSetting("Security:Callers:0:Name", "hr-ops");
            b.UseSetting("Security:Callers:0:Token", token);
        });
        using var channel = ServiceFactory.ChannelTo(registry);
        var auth = new Metadata { { "authorization", "Bearer " + token } };
        var client = new V1.Appraisal.AppraisalClient(channel);
        using var http = registry.CreateClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        Assert.Null(Sample(await Scrape(http), "appraisal_policy_reloads_total", ("policy_id", id), ("outcome", "loaded")));

        await client.PublishPolicyAsync(new PublishPolicyRequest { PolicyId = id, Source = RegistryTests.Bonus(1, 2), EffectiveFrom = "2026-01-01" }, auth);
        await client.PublishPolicyAsync(new PublishPolicyRequest { PolicyId = id, Source = RegistryTests.Bonus(2, 3), EffectiveFrom = "2026-07-01" }, auth);

        // Two versions read from the registry, each once, whatever the number of snapshots built since.
        Assert.Equal(2, Sample(await Scrape(http), "appraisal_policy_reloads_total", ("policy_id", id), ("outcome", "loaded")));
    }

    private static async Task<string> Scrape(HttpClient http)
    {
        var response = await http.GetAsync(TelemetryOptions.MetricsPath);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{response.StatusCode}: {text}");
        return text;
    }

    /// <summary>The value of the sample of <paramref name="name"/> whose labels include all of <paramref name="labels"/>; null when there is none.</summary>
    private static double? Sample(string exposition, string name, params (string Name, string Value)[] labels)
    {
        double? found = null;
        foreach (var line in exposition.Split('\n'))
        {
            var match = SampleLine().Match(line);
            if (!match.Success || match.Groups["name"].Value != name) continue;
            var given = LabelPair().Matches(match.Groups["labels"].Value).ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value);
            if (!labels.All(l => given.TryGetValue(l.Name, out var v) && v == l.Value)) continue;
            Assert.Null(found); // one sample per label set asked for
            found = double.Parse(match.Groups["value"].Value, CultureInfo.InvariantCulture);
        }
        return found;
    }

    [GeneratedRegex(@"^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>.*)\})? (?<value>\S+)( \d+)?$")]
    private static partial Regex SampleLine();

    [GeneratedRegex(@"([a-zA-Z_][a-zA-Z0-9_]*)=""((?:[^""\\]|\\.)*)""")]
    private static partial Regex LabelPair();
}
