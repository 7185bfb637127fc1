using Appraisal.Service.V1;
using Grpc.Health.V1;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Appraisal.Service.Tests;

/// <summary>The whole host in process, serving a private copy of policies/, watched with a short debounce.</summary>
public sealed class ServiceFactory : WebApplicationFactory<Program>
{
    private GrpcChannel? _channel;

    public TestPolicies Policies { get; } = new();

    /// <summary>The ledger's data directory (a SQLite file), beside the policies and deleted with them.</summary>
    public string DataDirectory => Policies.Directory + "-data";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Policies:Directory", Policies.Directory);
        builder.UseSetting("Policies:DebounceMilliseconds", "50");
        builder.UseSetting("Policies:RescanSeconds", "2");
        builder.UseSetting("Facts:MaxListLength", "100");
        builder.UseSetting("Ledger:DataDirectory", DataDirectory);
    }

    public GrpcChannel Channel => _channel ??= ChannelTo(this);

    /// <summary>A gRPC channel to an in-process host (this factory, or one derived from it with other settings).</summary>
    public static GrpcChannel ChannelTo(WebApplicationFactory<Program> host) =>
        GrpcChannel.ForAddress(host.Server.BaseAddress, new GrpcChannelOptions { HttpHandler = host.Server.CreateHandler() });

    public V1.Appraisal.AppraisalClient Client => new(Channel);

    public Health.HealthClient Health => new(Channel);

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            _channel?.Dispose();
            Policies.Dispose();
        }
    }
}
