using System.Diagnostics;
using Grpc.Core;
using Grpc.Core.Interceptors;

namespace Appraisal.Service;

/// <summary>
/// A span per RPC (source <see cref="ServiceTelemetry.Name"/>), named by its method (<c>appraisal.v1.Appraisal/Evaluate</c>),
/// with the RPC attributes of OpenTelemetry's conventions and the status code the call ended with. The outermost
/// interceptor, so the status is the one the caller gets.
/// </summary>
public sealed class RpcTracing : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context,
        UnaryServerMethod<TRequest, TResponse> continuation)
    {
        using var activity = Start(context);
        try
        {
            var response = await continuation(request, context);
            End(activity, StatusCode.OK);
            return response;
        }
        catch (RpcException e)
        {
            End(activity, e.StatusCode);
            throw;
        }
    }

    public override async Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream,
        ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        using var activity = Start(context);
        try
        {
            var response = await continuation(requestStream, context);
            End(activity, StatusCode.OK);
            return response;
        }
        catch (RpcException e)
        {
            End(activity, e.StatusCode);
            throw;
        }
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(TRequest request, IServerStreamWriter<TResponse> responseStream,
        ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        using var activity = Start(context);
        try
        {
            await continuation(request, responseStream, context);
            End(activity, StatusCode.OK);
        }
        catch (RpcException e)
        {
            End(activity, e.StatusCode);
            throw;
        }
    }

    public override async Task DuplexStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream,
        IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        using var activity = Start(context);
        try
        {
            await continuation(requestStream, responseStream, context);
            End(activity, StatusCode.OK);
        }
        catch (RpcException e)
        {
            End(activity, e.StatusCode);
            throw;
        }
    }

    private static Activity? Start(ServerCallContext context)
    {
        var method = context.Method.TrimStart('/');
        var activity = ServiceTelemetry.Source.StartActivity(method, ActivityKind.Internal);
        if (activity is null) return null;
        var slash = method.IndexOf('/');
        activity.SetTag("rpc.system", "grpc");
        activity.SetTag("rpc.service", slash > 0 ? method[..slash] : method);
        activity.SetTag("rpc.method", slash > 0 ? method[(slash + 1)..] : method);
        return activity;
    }

    /// <summary>The status code the call ends with (an exception other than <see cref="RpcException"/> leaves the span unset: the failure interceptor inside turns those into statuses).</summary>
    private static void End(Activity? activity, StatusCode code)
    {
        if (activity is null) return;
        activity.SetTag("rpc.grpc.status_code", (int)code);
        if (code != StatusCode.OK) activity.SetStatus(ActivityStatusCode.Error, ServiceTelemetry.StatusName(code));
    }
}
