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

    private readonly (string Name, byte[] Token)[] _tokens = options.Value.Named().Select(c => (c.Name, Encoding.UTF8.GetBytes(c.Token))).ToArray();

    /// <summary>The key of the caller's name in <see cref="ServerCallContext.UserState"/>.</summary>
    private const string CallerKey = "appraisal.caller";

    /// <summary>
    /// Who is calling: the name configured for the call's token (<see cref="SecurityOptions.Callers"/>; <c>token</c> for an
    /// unnamed one), or <c>anonymous</c> when no token is configured (loopback only).
    /// </summary>
    public static string Caller(ServerCallContext context) =>
        context.UserState.TryGetValue(CallerKey, out var name) && name is string text ? text : Anonymous;

    /// <summary>The caller's name when tokens are not checked.</summary>
    public const string Anonymous = "anonymous";

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
        var (caller, refusal) = Check(header);
        if (refusal is not null) throw new RpcException(new Status(StatusCode.Unauthenticated, refusal));
        context.UserState[CallerKey] = caller!;
    }

    /// <summary>
    /// Why an <c>authorization</c> header is refused (the UNAUTHENTICATED message), or null when it is accepted or no
    /// token is configured: for routes outside gRPC that need a token all the same (<c>/metrics</c>).
    /// </summary>
    public string? Refusal(string? header) => Enabled ? Check(header).Refusal : null;

    /// <summary>The caller's name for an accepted header, else why it is refused.</summary>
    private (string? Caller, string? Refusal) Check(string? header)
    {
        if (string.IsNullOrWhiteSpace(header)) return (null, "missing bearer token: send the header 'authorization: Bearer <token>'");
        const string Scheme = "Bearer ";
        if (!header.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase)) return (null, "the authorization header must be 'Bearer <token>'");
        return Accepts(header[Scheme.Length..].Trim()) is { } caller ? (caller, null) : (null, "the bearer token is not accepted");
    }

    /// <summary>The name of the token's holder, or null when it is not accepted; compares against every token in constant time per token.</summary>
    private string? Accepts(string token)
    {
        var given = Encoding.UTF8.GetBytes(token);
        string? caller = null;
        foreach (var (name, expected) in _tokens)
        {
            if (CryptographicOperations.FixedTimeEquals(given, expected)) caller ??= name;
        }
        return caller;
    }
}
