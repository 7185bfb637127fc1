using System.Net;
using Appraisal.Engine.Facts;
using Appraisal.Ledger;
using Appraisal.Service;
using Appraisal.Service.Recording;
using Appraisal.Service.Registry;
using Appraisal.Service.Services;
using Appraisal.Service.Studio;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

var builder = WebApplication.CreateBuilder(args).ReadSettingsFromAppDirectory();

// Every setting is checked before anything is built: a bad one ends the process with one line naming it.
if (StartupChecks.Problems(builder.Configuration, builder.Environment.ContentRootPath) is { Count: > 0 } problems)
{
    foreach (var problem in problems) Console.Error.WriteLine($"Refusing to start: {problem}");
    return 1;
}

// Endpoints: with no Kestrel:Endpoints configured, gRPC on Service:Address:Service:Port as plain-text HTTP/2 (prior
// knowledge) and the REST/JSON face on Service:Address:Service:RestPort as HTTP/1.1. With Kestrel:Endpoints (e.g. an
// Https endpoint with a certificate) those are used as configured and the Service address and ports are ignored,
// so the two never fight over a port.
var serviceOptions = builder.Configuration.GetSection(ServiceOptions.Section).Get<ServiceOptions>() ?? new ServiceOptions();
if (!builder.Configuration.GetSection("Kestrel:Endpoints").Exists())
{
    builder.WebHost.ConfigureKestrel(kestrel =>
    {
        void Listen(int port, HttpProtocols protocols)
        {
            if (serviceOptions.Address.Equals("localhost", StringComparison.OrdinalIgnoreCase))
                kestrel.ListenLocalhost(port, listen => listen.Protocols = protocols);
            else
                kestrel.Listen(IPAddress.Parse(serviceOptions.Address), port, listen => listen.Protocols = protocols);
        }
        Listen(serviceOptions.Port, HttpProtocols.Http2);
        if (serviceOptions.RestPort > 0) Listen(serviceOptions.RestPort, HttpProtocols.Http1);
    });
}
// Graceful shutdown: on SIGTERM/Ctrl+C Kestrel stops accepting and in-flight calls get this long to finish.
builder.WebHost.UseShutdownTimeout(TimeSpan.FromSeconds(Math.Max(0, serviceOptions.ShutdownTimeoutSeconds)));

// Logs never contain facts, at any level (FactFreeLogging: status messages carry none; categories that quote requests
// are held at Warning).
builder.Logging.KeepFactsOut();
// JSON console logs (Logging:Console:FormatterName=json) write Chinese as it is, not as \uXXXX (Logging.cs).
builder.Logging.KeepJsonReadable();
// Traces and metrics with OpenTelemetry (never facts): /metrics as Prometheus text, OTLP when configured (Telemetry.cs).
builder.AddTelemetry();

builder.Services.Configure<PoliciesOptions>(builder.Configuration.GetSection(PoliciesOptions.Section));
builder.Services.Configure<ServiceOptions>(builder.Configuration.GetSection(ServiceOptions.Section));
builder.Services.Configure<SecurityOptions>(builder.Configuration.GetSection(SecurityOptions.Section));
builder.Services.Configure<EvaluationLimitsOptions>(builder.Configuration.GetSection(EvaluationLimitsOptions.Section));
builder.Services.Configure<EngineOptions>(builder.Configuration.GetSection(EngineOptions.Section));
builder.Services.AddSingleton<CompiledTiers>();
builder.Services.AddSingleton(sp => sp.GetRequiredService<IConfiguration>().GetSection("Facts").Get<FactLimits>() ?? FactLimits.Default);
// The policies come from the policy directory (hot reload) or from the ledger's registry (Policies:Source).
var fromRegistry = (builder.Configuration.GetSection(PoliciesOptions.Section).Get<PoliciesOptions>() ?? new PoliciesOptions()).FromRegistry;
builder.Services.AddSingleton<PublicationBook>();
if (fromRegistry)
{
    builder.Services.AddSingleton<RegistryCatalog>();
    builder.Services.AddSingleton<IPolicyCatalog>(sp => sp.GetRequiredService<RegistryCatalog>());
}
else
{
    builder.Services.AddSingleton<PolicyStore>();
    builder.Services.AddSingleton<IPolicyCatalog>(sp => sp.GetRequiredService<PolicyStore>());
    builder.Services.AddHostedService<PolicyWatcher>();
}
builder.Services.AddSingleton<PublicationWatcher>();
builder.Services.AddHostedService(sp => sp.GetRequiredService<PublicationWatcher>());
builder.Services.Configure<LedgerOptions>(builder.Configuration.GetSection(LedgerOptions.SectionName));
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddSingleton(sp => LedgerHost.Open(sp.GetRequiredService<IOptions<LedgerOptions>>(),
    sp.GetRequiredService<IHostEnvironment>(), sp.GetRequiredService<ILogger<LedgerHost>>()));
builder.Services.AddSingleton<Recorder>();
builder.Services.AddHostedService<RetentionSweeper>();
builder.Services.AddHostedService<StartupGuard>();
builder.Services.AddSingleton<RpcTracing>();
builder.Services.AddSingleton<FailureInterceptor>();
builder.Services.AddSingleton<TokenCheck>();
builder.Services.AddOptions<Grpc.AspNetCore.Server.GrpcServiceOptions>()
    .Configure<IOptions<ServiceOptions>>((grpc, options) => grpc.MaxReceiveMessageSize = options.Value.MaxReceiveMessageBytes);
builder.Services.AddGrpc(grpc =>
    {
        // Outermost first: a span per call, unexpected exceptions become INTERNAL (never UNKNOWN), then the bearer-token check.
        grpc.Interceptors.Add<RpcTracing>();
        grpc.Interceptors.Add<FailureInterceptor>();
        grpc.Interceptors.Add<TokenCheck>();
    })
    // The REST face writes error details (google.rpc.BadRequest, QuotaFailure, …) into its JSON error bodies.
    .AddJsonTranscoding(rest => rest.TypeRegistry = Google.Protobuf.Reflection.TypeRegistry.FromFiles(Google.Rpc.ErrorDetailsReflection.Descriptor));
// /openapi/v1.json, generated from the proto (OpenApi.cs); before AddDecodingErrors, which replaces a provider it would add again.
builder.Services.AddRestOpenApi();
// A request that cannot be decoded (not protobuf, not UTF-8, nested too deeply) is INVALID_ARGUMENT naming the field.
builder.Services.AddDecodingErrors();
builder.Services.AddGrpcReflection();
// Health: live is the process answering (/healthz); ready is policies loaded and the ledger reachable (/readyz, and the
// gRPC health service for "" and for appraisal.v1.Appraisal), so a load balancer stops sending calls while either is not.
builder.Services.AddGrpcHealthChecks(health =>
    {
        health.Services.Map("", check => check.Tags.Contains(Readiness.Tag));
        health.Services.Map(Readiness.ServiceName, check => check.Tags.Contains(Readiness.Tag));
    })
    .AddCheck<PolicyHealthCheck>("policies", tags: [Readiness.Tag])
    .AddCheck<LedgerHealthCheck>("ledger", tags: [Readiness.Tag]);

var app = builder.Build();

// So are the ports, when Kestrel serves (not an in-process test server): one in use is one line naming its setting.
if (app.Services.GetRequiredService<IServer>().GetType().Assembly == typeof(KestrelServerOptions).Assembly
    && StartupChecks.Unlistenable(builder.Configuration) is { Count: > 0 } busy)
{
    foreach (var port in busy) Console.Error.WriteLine($"Refusing to start: {port}");
    await app.DisposeAsync();
    return 1;
}

// The meter provider listens from here on (not only once the host starts), so the first policy loads are counted.
app.Services.GetService<OpenTelemetry.Metrics.MeterProvider>();

// Open the ledger (creating or migrating its schema), read its publications and load the policies before the first request.
try
{
    app.Services.GetRequiredService<LedgerHost>();
}
catch (Exception e) // whatever stops the ledger from opening (unreachable server, newer schema, no access): say so and stop
{
    app.Logger.LogCritical("Cannot open the ledger: {Message}", e.Message);
    await app.DisposeAsync(); // flushes the console logger, so the reason is printed before the process ends
    return 1;
}
var catalog = app.Services.GetRequiredService<IPolicyCatalog>();
try
{
    await app.Services.GetRequiredService<PublicationWatcher>().RefreshAsync(CancellationToken.None);
}
catch (Exception e) when (e is System.Data.Common.DbException or LedgerUnusableException)
{
    if (fromRegistry) // nothing to serve without the registry
    {
        app.Logger.LogCritical("Cannot read the policy registry: {Message}", e.Message);
        await app.DisposeAsync();
        return 1;
    }
    app.Logger.LogWarning("Cannot read the publications in the ledger ({Message}); they are read again shortly", e.Message);
}
app.Logger.LogInformation("Serving {Count} policies from {Source}", catalog.Entries.Count, catalog.Description);
// Once listening: where everything is and a call to paste (FirstOutput.cs).
app.Lifetime.ApplicationStarted.Register(() =>
{
    string Url(string address, int port) => $"http://{(address.Contains(':') ? $"[{address}]" : address)}:{port}";
    var listening = app.Services.GetRequiredService<IServer>().Features.Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()?.Addresses
        .Select(a => a.TrimEnd('/')).ToList() ?? [];
    var (rest, grpc) = builder.Configuration.GetSection("Kestrel:Endpoints").Exists() && listening.Count > 0
        ? (listening[0], string.Join(", ", listening)) // configured endpoints: an HTTPS one serves both faces
        : (serviceOptions.RestPort > 0 ? Url(serviceOptions.Address, serviceOptions.RestPort) : null, Url(serviceOptions.Address, serviceOptions.Port));
    var telemetry = builder.Configuration.GetSection(TelemetryOptions.Section).Get<TelemetryOptions>() ?? new TelemetryOptions();
    app.Logger.LogInformation("{FirstSteps}", FirstOutput.Text(rest, grpc, catalog.Entries.Where(e => e.Current is not null).Select(e => e.Id).ToList(), telemetry.Metrics,
        app.Services.GetRequiredService<TokenCheck>().Enabled));
});

app.UseMiddleware<RestBodyLimit>(); // the REST body held to the gRPC message limit, before anything reads it
app.UseStrictJsonBodies(); // REST bodies follow the rules of facts (strict JSON, unique keys)
app.MapGrpcService<AppraisalService>();
app.MapGrpcHealthChecksService();
app.MapHealthChecks("/healthz", new Microsoft.AspNetCore.Diagnostics.HealthChecks.HealthCheckOptions { Predicate = _ => false });
app.MapHealthChecks("/readyz", new Microsoft.AspNetCore.Diagnostics.HealthChecks.HealthCheckOptions
{
    Predicate = check => check.Tags.Contains(Readiness.Tag), ResponseWriter = Readiness.WriteAsync,
});
app.MapGrpcReflectionService();
app.MapRestOpenApi();
app.MapMetrics(); // /metrics, with the token when tokens are configured
app.MapGet("/", () => RootPage.Text);
app.MapStudio(); // the policy studio: the page at /studio/ and its API (Studio/StudioRoutes.cs)

try
{
    app.Run();
}
catch (StartupRefusedException)
{
    return 1; // logged by StartupGuard
}
catch (IOException e)
{
    // A port in use, an address not on this machine: one line naming the setting.
    if (StartupChecks.ListenFailure(e, builder.Configuration) is not { } reason) throw;
    Console.Error.WriteLine(reason);
    return 1;
}
return 0;

/// <summary>The entry point; public for <c>WebApplicationFactory</c>.</summary>
public partial class Program;

/// <summary>Healthy when the policy directory holds at least one policy that answers; degraded while any is broken.</summary>
internal sealed class PolicyHealthCheck(IPolicyCatalog store) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var entries = store.Entries;
        if (!entries.Any(e => e.Current is not null))
            return Task.FromResult(HealthCheckResult.Unhealthy($"no policy answers from {store.Description}"));
        var broken = entries.Count(e => e.State == PolicyState.Broken);
        return Task.FromResult(broken > 0
            ? HealthCheckResult.Degraded($"{broken} policies have errors and no good version")
            : HealthCheckResult.Healthy());
    }
}

/// <summary>Readiness: what <c>/readyz</c> and the gRPC health service check, and how <c>/readyz</c> says it.</summary>
internal static class Readiness
{
    public const string Tag = "ready";

    /// <summary>The gRPC service name the health service answers for, besides "".</summary>
    public const string ServiceName = "appraisal.v1.Appraisal";

    /// <summary>The status and each check's status and description as JSON (never facts: the checks describe counts and stores).</summary>
    public static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        var body = new Newtonsoft.Json.Linq.JObject
        {
            ["status"] = report.Status.ToString(),
            ["checks"] = new Newtonsoft.Json.Linq.JObject(report.Entries.Select(e => new Newtonsoft.Json.Linq.JProperty(e.Key,
                new Newtonsoft.Json.Linq.JObject { ["status"] = e.Value.Status.ToString(), ["description"] = e.Value.Description ?? "" }))),
        };
        return context.Response.WriteAsync(body.ToString(Newtonsoft.Json.Formatting.None));
    }
}

/// <summary>
/// Healthy when the ledger answers a read within two seconds (or is turned off: nothing to reach); unhealthy while it
/// does not, so the instance is taken out of rotation until it does. A read of the registry, never of records.
/// </summary>
internal sealed class LedgerHealthCheck(LedgerHost host) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (host.Ledger is not { } ledger) return HealthCheckResult.Healthy("ledger turned off");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(2));
        try
        {
            await ledger.PublicationsAsync(null, long.MaxValue, timeout.Token);
            return HealthCheckResult.Healthy(ledger.Description);
        }
        catch (Exception e) when (e is System.Data.Common.DbException or LedgerUnusableException or OperationCanceledException or TimeoutException)
        {
            return HealthCheckResult.Unhealthy($"the ledger {ledger.Description} does not answer: {e.GetType().Name}");
        }
    }
}

/// <summary>
/// What the REST root says to a newcomer: where everything is, and one call to try. Every <c>GET /…</c> on it is a route
/// of this host (tested: each answers 200).
/// </summary>
internal static class RootPage
{
    public const string Text = """
        Appraisal service (gRPC service appraisal.v1.Appraisal; this is its REST/JSON face)

          policies           GET /v1/policies
          OpenAPI document   GET /openapi/v1.json   (browse it: GET /openapi/index.html)
          studio             GET /studio
          live / ready       GET /healthz   GET /readyz
          metrics            GET /metrics   (Prometheus text)
          the contract       src/Appraisal.Service/Protos/appraisal/v1/appraisal.proto (gRPC on Service:Port, default 5080)

        Try:
          curl -s -X POST 'http://127.0.0.1:5081/v1/policies/after-sales/售后客服考核:evaluate' -H 'content-type: application/json' \
            -d '{"factsJson": "{\"岗位\":\"普通售后客服\",\"素质\":\"良\",\"退款率\":\"6%\",\"纠纷处理\":\"良\",\"配合度\":\"良\",\"执行力\":\"中\",\"迟到\":1,\"客户表扬\":3,\"低质评价\":1}", "period": "2026-03", "explanation": "EXPLANATION_LEVEL_SUMMARY"}'

        """;
}
