using System.Net;
using Appraisal.Engine.Facts;
using Appraisal.Service;
using Appraisal.Service.Services;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

var builder = WebApplication.CreateBuilder(args);

// Plain-text HTTP/2 on 127.0.0.1 unless configured otherwise (Service:Address, Service:Port, or Kestrel:Endpoints).
var service = builder.Configuration.GetSection("Service");
if (!builder.Configuration.GetSection("Kestrel:Endpoints").Exists())
{
    builder.WebHost.ConfigureKestrel(kestrel =>
    {
        var address = IPAddress.Parse(service["Address"] ?? "127.0.0.1");
        kestrel.Listen(address, service.GetValue("Port", 5080), listen => listen.Protocols = HttpProtocols.Http2);
    });
}

// Logs never contain facts: gRPC logs the detail of every error status it sends, and the detail of a rejected fact
// set quotes the offending value. Those entries are dropped; the service's own logs never mention facts.
builder.Logging.AddFilter("Grpc.AspNetCore.Server.ServerCallHandler", LogLevel.Warning);

builder.Services.Configure<PoliciesOptions>(builder.Configuration.GetSection(PoliciesOptions.Section));
builder.Services.AddSingleton(builder.Configuration.GetSection("Facts").Get<FactLimits>() ?? FactLimits.Default);
builder.Services.AddSingleton<PolicyStore>();
builder.Services.AddHostedService<PolicyWatcher>();
builder.Services.AddGrpc(grpc =>
{
    grpc.MaxReceiveMessageSize = builder.Configuration.GetValue("Service:MaxReceiveMessageBytes", 8 * 1024 * 1024);
});
builder.Services.AddGrpcReflection();
builder.Services.AddGrpcHealthChecks()
    .AddCheck<PolicyHealthCheck>("policies");

var app = builder.Build();

// Load the policies before the first request.
var store = app.Services.GetRequiredService<PolicyStore>();
app.Logger.LogInformation("Serving {Count} policies from {Directory}", store.Entries.Count, store.Directory);

app.MapGrpcService<AppraisalService>();
app.MapGrpcHealthChecksService();
app.MapGrpcReflectionService();
app.MapGet("/", () => "Appraisal gRPC service (appraisal.v1.Appraisal). Use a gRPC client; see protos in src/Appraisal.Service/Protos.");

app.Run();

/// <summary>The entry point; public for <c>WebApplicationFactory</c>.</summary>
public partial class Program;

/// <summary>Healthy when the policy directory holds at least one policy that answers; degraded while any is broken.</summary>
internal sealed class PolicyHealthCheck(PolicyStore store) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var entries = store.Entries;
        if (!entries.Any(e => e.Current is not null))
            return Task.FromResult(HealthCheckResult.Unhealthy($"no policy answers from {store.Directory}"));
        var broken = entries.Count(e => e.State == PolicyState.Broken);
        return Task.FromResult(broken > 0
            ? HealthCheckResult.Degraded($"{broken} policies have errors and no good version")
            : HealthCheckResult.Healthy());
    }
}
