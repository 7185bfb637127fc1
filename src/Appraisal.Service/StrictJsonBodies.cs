using Appraisal.Engine.Facts;
using Google.Protobuf;
using Lang = Appraisal.Policy.Diagnostics.Language;

namespace Appraisal.Service;

/// <summary>
/// The REST face follows the rules facts follow on every face (FACTS.md): the JSON body of a request is read by the
/// engine's strict check before the transcoder sees it, so a key given twice (in <c>factsStruct</c> or anywhere in the
/// body; the transcoder would keep the last) or a nonzero number too small to be told from 0 is 400 INVALID_ARGUMENT
/// with a field violation at its path in the body, as for <c>facts_json</c>. gRPC requests (not JSON) pass untouched.
/// </summary>
public static class StrictJsonBodies
{
    private static readonly JsonFormatter StatusFormatter = new(JsonFormatter.Settings.Default
        .WithTypeRegistry(Google.Protobuf.Reflection.TypeRegistry.FromFiles(Google.Rpc.ErrorDetailsReflection.Descriptor)));

    public static IApplicationBuilder UseStrictJsonBodies(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var request = context.Request;
        if (request.ContentLength != 0 && request.HasJsonContentType())
        {
            request.EnableBuffering();
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body, context.RequestAborted); // within Kestrel's request body limit
            request.Body.Position = 0;
            if (body.Length > 0 && FactReader.StrictJsonViolations(body.ToArray()) is { Count: > 0 } violations)
            {
                var status = Errors.Facts(violations, Lang.En);
                context.Response.StatusCode = StatusCodes.Status400BadRequest;
                context.Response.ContentType = "application/json; charset=utf-8";
                await context.Response.WriteAsync(StatusFormatter.Format(status), context.RequestAborted);
                return;
            }
        }
        await next(context);
    });
}
