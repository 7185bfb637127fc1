using Grpc.Core;
using Grpc.Core.Interceptors;

namespace Appraisal.Service;

/// <summary>
/// The outermost interceptor: a call never ends in UNKNOWN. Statuses the service chose pass through; a call that
/// stopped because its caller went away or its deadline passed is CANCELLED or DEADLINE_EXCEEDED; anything else is a
/// bug of ours and becomes INTERNAL with a correlation id, logged with the exception's type and stack trace (not its
/// message, which might quote a fact).
/// </summary>
public sealed class FailureInterceptor(ILogger<FailureInterceptor> logger) : Interceptor
{
    private static readonly TimeSpan DeadlineTolerance = TimeSpan.FromMilliseconds(250);

    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context,
        UnaryServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(request, context);
        }
        catch (Exception e) when (e is not RpcException)
        {
            throw Translate(e, context);
        }
    }

    public override async Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream,
        ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(requestStream, context);
        }
        catch (Exception e) when (e is not RpcException)
        {
            throw Translate(e, context);
        }
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(TRequest request, IServerStreamWriter<TResponse> responseStream,
        ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await continuation(request, responseStream, context);
        }
        catch (Exception e) when (e is not RpcException)
        {
            throw Translate(e, context);
        }
    }

    public override async Task DuplexStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream,
        IServerStreamWriter<TResponse> responseStream, ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await continuation(requestStream, responseStream, context);
        }
        catch (Exception e) when (e is not RpcException)
        {
            throw Translate(e, context);
        }
    }

    private RpcException Translate(Exception e, ServerCallContext context)
    {
        if (e is OperationCanceledException && context.CancellationToken.IsCancellationRequested)
        {
            // A client that gives up at its deadline aborts the call a moment before the server's own timer (set when
            // the request arrived) fires: a stop that close to the deadline is the deadline.
            return context.Deadline != DateTime.MaxValue && context.Deadline - DateTime.UtcNow < DeadlineTolerance
                ? new RpcException(new Status(StatusCode.DeadlineExceeded, "the deadline passed before the call finished"))
                : new RpcException(new Status(StatusCode.Cancelled, "the call was cancelled"));
        }
        return new RpcException(Failures.Internal(logger, context.Method, e));
    }
}
