using Google.Protobuf;
using Google.Protobuf.Reflection;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace Appraisal.Service;

/// <summary>
/// The REST/JSON face's request body limit: the same <c>Service:MaxReceiveMessageBytes</c> as one gRPC message, so
/// a request is refused alike on both faces. A larger body (by its <c>Content-Length</c>, or counted while it is
/// read when it is chunked) is HTTP 429 with the <c>google.rpc.Status</c> RESOURCE_EXHAUSTED naming the limit,
/// before the transcoder sees it. gRPC calls are left to gRPC's own check of the same setting.
/// </summary>
public sealed class RestBodyLimit(RequestDelegate next, IOptions<ServiceOptions> options)
{
    private static readonly JsonFormatter Formatter = new(JsonFormatter.Settings.Default.WithTypeRegistry(
        TypeRegistry.FromFiles(Google.Rpc.ErrorDetailsReflection.Descriptor)));

    private readonly int _max = options.Value.MaxReceiveMessageBytes;

    public async Task InvokeAsync(HttpContext context)
    {
        if (context.Request.ContentType?.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase) == true)
        {
            await next(context);
            return;
        }
        // Our limit replaces Kestrel's own (30 MB by default, and a different status): the body is counted here.
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } kestrel) kestrel.MaxRequestBodySize = null;
        if (context.Request.ContentLength is { } length)
        {
            if (length > _max)
            {
                await RefuseAsync(context, length);
                return;
            }
        }
        else if (HttpMethods.IsPost(context.Request.Method) || HttpMethods.IsPut(context.Request.Method) || HttpMethods.IsPatch(context.Request.Method))
        {
            // Chunked: read at most one byte more than the limit, then hand the transcoder what was read.
            var buffer = new MemoryStream();
            var chunk = new byte[81920];
            int read;
            while ((read = await context.Request.Body.ReadAsync(chunk, context.RequestAborted)) > 0)
            {
                buffer.Write(chunk, 0, read);
                if (buffer.Length > _max)
                {
                    await RefuseAsync(context, null);
                    return;
                }
            }
            buffer.Position = 0;
            context.Request.Body = buffer;
        }
        await next(context);
    }

    private Task RefuseAsync(HttpContext context, long? length)
    {
        var found = length is { } l ? $", found {l}" : "";
        var status = Errors.Limit("body", "max_receive_message_bytes", _max, $"a request body of at most {_max} bytes{found}");
        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.Headers.Connection = "close"; // the rest of the body is not read
        return context.Response.WriteAsync(Formatter.Format(status), context.RequestAborted);
    }
}
