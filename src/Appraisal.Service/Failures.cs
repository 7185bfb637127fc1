using Grpc.Core;
using Grpc.Core.Interceptors;

namespace Appraisal.Service;

/// <summary>How an unexpected exception is reported: INTERNAL with a correlation id that is also in the log.</summary>
public static class Failures
{
    public static Status Internal(ILogger logger, string method, Exception e)
    {
        var id = Guid.NewGuid().ToString("N")[..12];
        logger.LogError("Unexpected {ExceptionType} in {Method} (correlation id {CorrelationId}){NewLine}{StackTrace}",
            e.GetType().FullName, method, id, Environment.NewLine, e.StackTrace);
        return new Status(StatusCode.Internal, $"internal error (correlation id {id})");
    }
}
