using System.Net.Http.Headers;
using System.Text;
using Appraisal.Service.V1;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Appraisal.Service.Tests;

/// <summary>
/// Logs never contain facts — fact values, subject ids, request ids — on any face (gRPC, streams, groups, Check, the
/// ledger, REST), in any category, at any level: the host runs with every category at Trace (also those the service
/// holds down, which configuration cannot reopen), and everything logged is scanned: messages, exceptions, the
/// structured values and the scopes any provider could write.
/// </summary>
public sealed class FactFreeLogsTests : IDisposable
{
    private const string Subject = "SUBJECT-MARKER-5b7e";
    private const string RequestId = "REQUEST-MARKER-91c3";
    private const string Fact = "FACT-MARKER-2d4a";
    private const string Member = "MEMBER-MARKER-c0f8";
    private const string Number = "4242.4242";

    private const string NoRowPolicy = """
        policy 无行
        input { s: points  上限: points }
        table 档(s: points, m: points) -> text { 0..m | - => "正常" }
        output 档位: text = 档(s, 上限)
        """;

    private readonly EverythingLogged _logs = new();
    private readonly ServiceFactory _factory = new();
    private readonly WebApplicationFactory<Program> _host;
    private readonly GrpcChannel _channel;

    public FactFreeLogsTests()
    {
        File.WriteAllText(_factory.Policies.PathOf("无行.policy"), NoRowPolicy);
        _host = _factory.WithWebHostBuilder(b =>
        {
            b.UseSetting("Logging:LogLevel:Default", "Trace");
            foreach (var (category, _) in FactFreeLogging.Capped) b.UseSetting($"Logging:LogLevel:{category}", "Trace");
            b.ConfigureServices(s => s.AddSingleton<ILoggerProvider>(_logs));
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

    private static string BadFacts => TestPolicies.Facts91.Replace("\"良\", \"退款率\"", $"\"{Fact}\", \"退款率\"");

    private static EvaluateRequest Recorded(string facts) => new()
    {
        PolicyId = TestPolicies.AfterSales, FactsJson = facts, SubjectId = Subject, RequestId = RequestId, Period = "2026-03", Record = true,
    };

    private static async Task Fails(Func<Task> call) => await Assert.ThrowsAsync<RpcException>(call);

    [Fact]
    public async Task Logs_never_contain_facts_on_any_face()
    {
        var client = Client;
        // gRPC: bad facts as JSON and as a Struct, a runtime fault that quotes a value, earlier periods, a group.
        await Fails(async () => await client.EvaluateAsync(new EvaluateRequest { PolicyId = TestPolicies.AfterSales, FactsJson = BadFacts }));
        var facts = Struct.Parser.ParseJson(BadFacts);
        await Fails(async () => await client.EvaluateAsync(new EvaluateRequest { PolicyId = TestPolicies.AfterSales, FactsStruct = facts }));
        var fault = await Assert.ThrowsAsync<RpcException>(async () =>
            await client.EvaluateAsync(new EvaluateRequest { PolicyId = "无行", FactsJson = $$"""{ "s": {{Number}}, "上限": 1 }""" }));
        Assert.True(fault.GetRpcStatus()?.GetDetail<Google.Rpc.ErrorInfo>()?.Reason == "EVALUATION_FAULT", fault.Status.ToString());
        Assert.Contains(Number, fault.GetRpcStatus()!.GetDetail<Google.Rpc.LocalizedMessage>()!.Message); // the caller still learns the value
        await Fails(async () => await client.EvaluateAsync(new EvaluateRequest
        {
            PolicyId = TestPolicies.AfterSales, FactsJson = TestPolicies.Facts91, Period = "2026-Q2",
            EarlierPeriods = { new V1.EarlierPeriod { Period = "2026-Q1", OutputsJson = $"{{ \"得分\": {Fact} }}" } },
        }));
        await Fails(async () => await client.EvaluateGroupAsync(new EvaluateGroupRequest
        {
            PolicyId = TestPolicies.AfterSales, MembersJson = $"{{ \"{Member}\": {BadFacts} }}",
        }));

        // The ledger: a recorded evaluation, its retry, the same request id for other facts, history and audit.
        await client.EvaluateAsync(Recorded(TestPolicies.Facts91));
        await client.EvaluateAsync(Recorded(TestPolicies.Facts91));
        await Fails(async () => await client.EvaluateAsync(Recorded(TestPolicies.Facts91.Replace("\"迟到\": 1", "\"迟到\": 2"))));
        Assert.NotEmpty((await client.GetHistoryAsync(new GetHistoryRequest { SubjectId = Subject })).Entries);
        Assert.NotEmpty((await client.AuditAsync(new AuditRequest { RequestId = RequestId, SubjectId = Subject })).Entries);
        await Fails(async () => await client.GetHistoryAsync(new GetHistoryRequest { SubjectId = Subject, FromPeriod = Fact }));

        // A stream: a bad fact set and a recorded one.
        using (var call = client.EvaluateStream())
        {
            await call.RequestStream.WriteAsync(new EvaluateStreamRequest
            {
                RequestId = "s1", Request = new EvaluateRequest { PolicyId = TestPolicies.AfterSales, FactsJson = BadFacts },
            });
            await call.RequestStream.WriteAsync(new EvaluateStreamRequest { RequestId = RequestId + "-s", Request = Recorded(TestPolicies.Facts91) });
            await call.RequestStream.CompleteAsync();
            var answers = await call.ResponseStream.ReadAllAsync().ToListAsync();
            Assert.Equal(2, answers.Count);
        }

        // A request that cannot be decoded: facts_json holding a marker and bytes that are not UTF-8.
        var raw = Marshallers.Create<byte[]>(b => b, b => b);
        var notUtf8 = new EvaluateRequest { PolicyId = TestPolicies.AfterSales, SubjectId = Subject }.ToByteArray()
            .Concat(new byte[] { 0x1a, (byte)(Fact.Length + 2) }).Concat(Encoding.UTF8.GetBytes(Fact)).Concat(new byte[] { 0xFF, 0xFE }).ToArray();
        await Fails(async () => await _channel.CreateCallInvoker().AsyncUnaryCall(
            new Method<byte[], byte[]>(MethodType.Unary, "appraisal.v1.Appraisal", "Evaluate", raw, raw), null, new CallOptions(), notUtf8));

        // Check: policy text with a marker in it.
        await client.CheckAsync(new CheckRequest { Source = $"policy 检查\ninput {{ 分数: points }}\noutput 结果: points = {Fact}" });

        // REST: bad facts (the defect found: transcoding logged the status detail), history and audit by URL.
        using var http = _host.CreateClient();
        var path = string.Join('/', TestPolicies.AfterSales.Split('/').Select(Uri.EscapeDataString));
        var body = $$"""{ "factsStruct": {{BadFacts}}, "subjectId": "{{Subject}}" }""";
        Assert.Equal(400, (int)(await http.PostAsync($"/v1/policies/{path}:evaluate", Json(body))).StatusCode);
        Assert.Equal(400, (int)(await http.PostAsync($"/v1/policies/{path}:evaluate", Json($$"""{ "factsStruct": { "素质": "{{Fact}}" """))).StatusCode);
        Assert.Equal(200, (int)(await http.GetAsync($"/v1/subjects/{Subject}/history")).StatusCode);
        Assert.Equal(200, (int)(await http.GetAsync($"/v1/audit?request_id={RequestId}&subject_id={Subject}")).StatusCode);
        Assert.Equal(404, (int)(await http.GetAsync($"/v1/nothing/{Subject}")).StatusCode);

        var logged = _logs.Entries;
        Assert.Contains(logged, e => e.Contains("Grpc.AspNetCore.Server.ServerCallHandler", StringComparison.Ordinal)); // Trace was on
        foreach (var marker in new[] { Subject, RequestId, Fact, Member, Number })
        {
            var leaks = logged.Where(e => e.Contains(marker, StringComparison.Ordinal)).ToList();
            Assert.True(leaks.Count == 0, $"{marker} was logged:\n{string.Join("\n", leaks.Take(5))}");
        }
    }

    private static StringContent Json(string json)
    {
        var content = new StringContent(json, Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return content;
    }
}

/// <summary>
/// Everything any logging provider could write: category, level, the formatted message, the exception as text, the
/// structured values, and the scopes open at the time (with their values).
/// </summary>
internal sealed class EverythingLogged : ILoggerProvider, ISupportExternalScope
{
    private readonly List<string> _entries = [];
    private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

    public IReadOnlyList<string> Entries
    {
        get
        {
            lock (_entries) return _entries.ToList();
        }
    }

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    public void Dispose()
    {
    }

    private static string Describe(object? state)
    {
        var text = new StringBuilder(state?.ToString());
        if (state is IEnumerable<KeyValuePair<string, object?>> values)
        {
            foreach (var (key, value) in values) text.Append(" | ").Append(key).Append('=').Append(value);
        }
        return text.ToString();
    }

    private sealed class Logger(EverythingLogged sink, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => sink._scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var entry = new StringBuilder($"{category} [{logLevel}] {formatter(state, exception)} {exception} {Describe(state)}");
            sink._scopes.ForEachScope((scope, text) => text.Append(" scope: ").Append(Describe(scope)), entry);
            lock (sink._entries) sink._entries.Add(entry.ToString());
        }
    }
}
