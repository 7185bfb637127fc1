using System.Net;
using Appraisal.Service.V1;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Appraisal.Service.Tests;

/// <summary>Bearer tokens, the refusal to serve a non-loopback address without one, and reading no file outside the policy directory.</summary>
public sealed class SecurityTests : IDisposable
{
    private const string Token = "s3cret-token";
    private const string OtherToken = "rotated-token";

    private readonly ServiceFactory _factory = new();
    private readonly WebApplicationFactory<Program> _secured;
    private readonly GrpcChannel _channel;

    public SecurityTests()
    {
        _secured = _factory.WithWebHostBuilder(b =>
        {
            b.UseSetting("Security:Tokens:0", Token);
            b.UseSetting("Security:Tokens:1", OtherToken);
        });
        _channel = ServiceFactory.ChannelTo(_secured);
    }

    public void Dispose()
    {
        _channel.Dispose();
        _secured.Dispose();
        _factory.Dispose();
    }

    private V1.Appraisal.AppraisalClient Client => new(_channel);

    private static Metadata Bearer(string token) => new() { { "authorization", "Bearer " + token } };

    [Fact]
    public async Task A_call_without_a_token_is_UNAUTHENTICATED()
    {
        var error = await Assert.ThrowsAsync<RpcException>(async () => await Client.ListPoliciesAsync(new ListPoliciesRequest()));
        Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
        Assert.Contains("missing bearer token", error.Status.Detail);
    }

    [Theory]
    [InlineData("Bearer wrong-token", "not accepted")]
    [InlineData("Basic czNjcmV0LXRva2Vu", "must be 'Bearer <token>'")]
    [InlineData("Bearer", "must be 'Bearer <token>'")]
    [InlineData("Bearer s3cret-token-and-more", "not accepted")]
    public async Task A_wrong_token_is_UNAUTHENTICATED(string header, string message)
    {
        var error = await Assert.ThrowsAsync<RpcException>(async () =>
            await Client.DescribePolicyAsync(new DescribePolicyRequest { PolicyId = TestPolicies.AfterSales }, new Metadata { { "authorization", header } }));
        Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
        Assert.Contains(message, error.Status.Detail);
    }

    [Fact]
    public async Task Every_method_but_health_requires_the_token()
    {
        await Assert.ThrowsAsync<RpcException>(async () => await Client.EvaluateAsync(new EvaluateRequest { PolicyId = TestPolicies.AfterSales, FactsJson = TestPolicies.Facts91 }));
        await Assert.ThrowsAsync<RpcException>(async () => await Client.EvaluateGroupAsync(new EvaluateGroupRequest { PolicyId = TestPolicies.Satisfaction, MembersJson = "{}" }));
        await Assert.ThrowsAsync<RpcException>(async () => await Client.CheckAsync(new CheckRequest { Source = "policy p" }));
        await Assert.ThrowsAsync<RpcException>(async () => await Client.EchoAsync(new EchoMessage()));
        using var stream = Client.EvaluateStream();
        var error = await Assert.ThrowsAsync<RpcException>(async () => await stream.ResponseStream.MoveNext());
        Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);

        var health = await new Health.HealthClient(_channel).CheckAsync(new HealthCheckRequest());
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, health.Status);
    }

    [Fact]
    public async Task Each_configured_token_is_accepted()
    {
        foreach (var token in new[] { Token, OtherToken })
        {
            var reply = await Client.EvaluateAsync(new EvaluateRequest { PolicyId = TestPolicies.AfterSales, FactsJson = TestPolicies.Facts91 }, Bearer(token));
            Assert.Equal("700.00", reply.Outputs.Single(o => o.Name == "KPI奖金").Value);
        }
        using var stream = Client.EvaluateStream(Bearer(Token));
        await stream.RequestStream.WriteAsync(new EvaluateStreamRequest
        {
            RequestId = "1", Request = new EvaluateRequest { PolicyId = TestPolicies.AfterSales, FactsJson = TestPolicies.Facts91 },
        });
        await stream.RequestStream.CompleteAsync();
        Assert.True(await stream.ResponseStream.MoveNext());
        Assert.Null(stream.ResponseStream.Current.Error);
    }

    [Fact]
    public async Task The_REST_face_requires_the_token_too()
    {
        using var http = _secured.CreateClient();
        var denied = await http.GetAsync("/v1/policies");
        Assert.Equal(HttpStatusCode.Unauthorized, denied.StatusCode);
        Assert.Contains("missing bearer token", await denied.Content.ReadAsStringAsync());

        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/policies");
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", Token);
        var allowed = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
    }

    [Fact]
    public void The_open_methods_are_only_health_checks()
    {
        Assert.All(TokenCheck.Open, m => Assert.StartsWith("/grpc.health.v1.Health/", m));
    }

    [Theory]
    [InlineData("127.0.0.1", true)]
    [InlineData("::1", true)]
    [InlineData("[::1]", true)]
    [InlineData("localhost", true)]
    [InlineData("0.0.0.0", false)]
    [InlineData("*", false)]
    [InlineData("+", false)]
    [InlineData("10.1.2.3", false)]
    [InlineData("appraisal.example.com", false)]
    public void Loopback_hosts(string host, bool loopback) => Assert.Equal(loopback, Binding.IsLoopback(host));

    [Fact]
    public void Kestrel_endpoints_replace_the_service_address()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Service:Address"] = "127.0.0.1",
            ["Kestrel:Endpoints:Https:Url"] = "https://0.0.0.0:5443",
            ["Kestrel:Endpoints:Local:Url"] = "http://[::1]:5080",
        }).Build();
        Assert.Equal(["0.0.0.0", "[::1]"], Binding.Hosts(configuration).Order());
        Assert.False(Binding.LoopbackOnly(configuration));
    }

    [Fact]
    public void A_non_loopback_address_without_a_token_refuses_to_start()
    {
        var logs = new LogSink();
        using var open = _factory.WithWebHostBuilder(b =>
        {
            b.UseSetting("Service:Address", "0.0.0.0");
            b.ConfigureServices(s => s.AddSingleton<ILoggerProvider>(logs));
        });
        Assert.ThrowsAny<Exception>(() => open.CreateClient());
        Assert.Contains(logs.Messages, m => m.Contains("Refusing to start") && m.Contains("Security:Token"));
    }

    [Fact]
    public async Task A_non_loopback_address_with_a_token_starts()
    {
        using var bound = _factory.WithWebHostBuilder(b =>
        {
            b.UseSetting("Service:Address", "0.0.0.0");
            b.UseSetting("Security:Token", Token);
        });
        using var channel = ServiceFactory.ChannelTo(bound);
        var client = new V1.Appraisal.AppraisalClient(channel);
        await Assert.ThrowsAsync<RpcException>(async () => await client.ListPoliciesAsync(new ListPoliciesRequest()));
        Assert.NotEmpty((await client.ListPoliciesAsync(new ListPoliciesRequest(), Bearer(Token))).Policies);
    }

    [Fact]
    public async Task Check_reads_no_include_even_one_that_escapes()
    {
        var reply = await Client.CheckAsync(new CheckRequest
        {
            Source = "policy p\ninclude \"../../etc/passwd\"\ninput { a: points }\noutput b: points = a\n",
        }, Bearer(Token));
        var diagnostic = Assert.Single(reply.Diagnostics, d => d.Code == "PL1001");
        Assert.Equal(Severity.Error, diagnostic.Severity);
        Assert.DoesNotContain("root:", diagnostic.Message);
    }

    [Theory]
    [InlineData("../after-sales/售后客服考核")]
    [InlineData("after-sales/../after-sales/售后客服考核")]
    [InlineData("../../etc/passwd")]
    [InlineData("/etc/passwd")]
    public async Task A_policy_id_that_climbs_is_NOT_FOUND(string id)
    {
        var evaluate = await Assert.ThrowsAsync<RpcException>(async () =>
            await Client.EvaluateAsync(new EvaluateRequest { PolicyId = id, FactsJson = "{}" }, Bearer(Token)));
        Assert.Equal(StatusCode.NotFound, evaluate.StatusCode);
        var describe = await Assert.ThrowsAsync<RpcException>(async () =>
            await Client.DescribePolicyAsync(new DescribePolicyRequest { PolicyId = id }, Bearer(Token)));
        Assert.Equal(StatusCode.NotFound, describe.StatusCode);
    }
}
