using System.Security.Cryptography;
using System.Text;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.Extensions.Options;

namespace Appraisal.Service;

/// <summary>
/// The bearer-token check: when tokens are configured (<c>Security:Token</c> or <c>Security:Tokens</c>), every call
/// except those in <see cref="Open"/> must carry <c>authorization: Bearer &lt;token&gt;</c> with one of them, else it
/// fails with UNAUTHENTICATED. Applies to gRPC and to the REST routes alike (they run through the same pipeline).
/// With no token configured the check is off, which <see cref="StartupGuard"/> allows only on loopback addresses.
/// </summary>
public sealed class TokenCheck(IOptions<SecurityOptions> options) : Interceptor
{
    /// <summary>The only methods a caller may call without a token: health checks, for load balancers and probes.</summary>
    public static readonly IReadOnlySet<string> Open = new HashSet<string>(StringComparer.Ordinal)
    {
        "/grpc.health.v1.Health/Check",
        "/grpc.health.v1.Health/Watch",
    };

    private readonly byte[][] _tokens = options.Value.All().Select(Encoding.UTF8.GetBytes).ToArray();

    public bool Enabled => _tokens.Length > 0;

    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context,
        UnaryServerMethod<TRequest, TResponse> continuation)
    {
        Demand(context);
        return continuation(request, context);
    }

    public override Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream,
        ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        Demand(context);
        return continuation(requestStream, context);
    }

    public override Task ServerStreamingServerHandler<TRequest, TResponse>(TRequest request, IServerStreamWriter<TResponse> responseStream,
        ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        Demand(context);
        return continuation(request, responseStream, context);
    }

    public override Task DuplexStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream,
        IServerStreamWriter<TResponse> responseStream, ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        Demand(context);
        return continuation(requestStream, responseStream, context);
    }

    /// <summary>Throws UNAUTHENTICATED unless the call is open or carries an accepted token.</summary>
    private void Demand(ServerCallContext context)
    {
        if (!Enabled || Open.Contains(context.Method)) return;
        var header = context.GetHttpContext()?.Request.Headers.Authorization.ToString();
        if (string.IsNullOrEmpty(header)) header = context.RequestHeaders.GetValue("authorization");
        if (string.IsNullOrWhiteSpace(header))
            throw new RpcException(new Status(StatusCode.Unauthenticated, "missing bearer token: send the header 'authorization: Bearer <token>'"));
        const string Scheme = "Bearer ";
        if (!header.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
            throw new RpcException(new Status(StatusCode.Unauthenticated, "the authorization header must be 'Bearer <token>'"));
        if (!Accepts(header[Scheme.Length..].Trim()))
            throw new RpcException(new Status(StatusCode.Unauthenticated, "the bearer token is not accepted"));
    }

    /// <summary>Compares against every token in constant time per token.</summary>
    private bool Accepts(string token)
    {
        var given = Encoding.UTF8.GetBytes(token);
        var accepted = false;
        foreach (var expected in _tokens) accepted |= CryptographicOperations.FixedTimeEquals(given, expected);
        return accepted;
    }
}

/// <summary>
/// Refuses to start a service that listens on a non-loopback address without a bearer token, before anything
/// listens (<see cref="IHostedLifecycleService.StartingAsync"/> runs before every hosted service starts).
/// </summary>
public sealed class StartupGuard(IConfiguration configuration, IOptions<SecurityOptions> security, ILogger<StartupGuard> logger)
    : IHostedLifecycleService
{
    public Task StartingAsync(CancellationToken cancellationToken)
    {
        var hosts = Binding.Hosts(configuration);
        if (security.Value.All().Count > 0)
        {
            logger.LogInformation("Bearer tokens required on every call except health checks");
            return Task.CompletedTask;
        }
        if (hosts.All(Binding.IsLoopback))
        {
            logger.LogInformation("No bearer token configured: calls are not authenticated (loopback only: {Hosts})", string.Join(", ", hosts));
            return Task.CompletedTask;
        }
        var message = $"Refusing to start: the service would listen on {string.Join(", ", hosts.Where(h => !Binding.IsLoopback(h)))}, " +
                      "which is not a loopback address, and no bearer token is configured. Set Security:Token (or Security:Tokens), " +
                      "or bind to 127.0.0.1 only.";
        logger.LogCritical("{Message}", message);
        throw new StartupRefusedException(message);
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>The configuration is unsafe to serve; the reason has been logged.</summary>
public sealed class StartupRefusedException(string message) : Exception(message);
