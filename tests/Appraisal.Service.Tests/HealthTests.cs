using System.Net;
using Grpc.Core;
using Grpc.Health.V1;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Appraisal.Service.Tests;

/// <summary>
/// Liveness and readiness for probes and load balancers: <c>/healthz</c> answers while the process does; <c>/readyz</c>
/// and the gRPC health service (for "" and for <c>appraisal.v1.Appraisal</c>) say whether policies are loaded and the
/// ledger answers — without a token, whatever the security settings.
/// </summary>
public sealed class HealthTests : IDisposable
{
    private readonly ServiceFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    private WebApplicationFactory<Program> With(params (string Key, string Value)[] settings) => _factory.WithWebHostBuilder(builder =>
    {
        foreach (var (key, value) in settings) builder.UseSetting(key, value);
    });

    [Fact]
    public async Task A_ready_service_is_live_and_ready_on_REST_and_on_gRPC_for_its_own_name()
    {
        await using var host = With(("Security:Token", "health-test-token-51d2"));
        using var http = host.CreateClient();

        var live = await http.GetAsync("/healthz");
        Assert.Equal((HttpStatusCode.OK, "Healthy"), (live.StatusCode, await live.Content.ReadAsStringAsync()));
        var ready = await http.GetAsync("/readyz");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        var body = Newtonsoft.Json.Linq.JObject.Parse(await ready.Content.ReadAsStringAsync());
        Assert.Equal(("Healthy", "Healthy", "Healthy"), ((string?)body["status"], (string?)body.SelectToken("checks.policies.status"), (string?)body.SelectToken("checks.ledger.status")));
        Assert.StartsWith("sqlite:", (string?)body.SelectToken("checks.ledger.description"));

        var health = new Health.HealthClient(ServiceFactory.ChannelTo(host));
        foreach (var name in new[] { "", "appraisal.v1.Appraisal" })
            Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, (await health.CheckAsync(new HealthCheckRequest { Service = name })).Status);
        var unknown = await Assert.ThrowsAsync<RpcException>(async () => await health.CheckAsync(new HealthCheckRequest { Service = "no.such.Service" }));
        Assert.Equal(StatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task A_registry_instance_with_nothing_published_is_live_but_not_ready()
    {
        await using var host = With(("Policies:Source", "registry"));
        using var http = host.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/healthz")).StatusCode);
        var ready = await http.GetAsync("/readyz");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        var body = Newtonsoft.Json.Linq.JObject.Parse(await ready.Content.ReadAsStringAsync());
        Assert.Equal(("Unhealthy", "Unhealthy", "Healthy"), ((string?)body["status"], (string?)body.SelectToken("checks.policies.status"), (string?)body.SelectToken("checks.ledger.status")));
        Assert.Contains("no policy answers", (string?)body.SelectToken("checks.policies.description"));

        var health = new Health.HealthClient(ServiceFactory.ChannelTo(host));
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.NotServing,
            (await health.CheckAsync(new HealthCheckRequest { Service = "appraisal.v1.Appraisal" })).Status);
    }
}
