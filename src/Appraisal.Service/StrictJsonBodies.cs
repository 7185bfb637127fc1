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
            if (body.Length > 0 && UnknownEnumName(body.ToArray()) is { } unknown)
            {
                context.Response.StatusCode = StatusCodes.Status400BadRequest;
                context.Response.ContentType = "application/json; charset=utf-8";
                await context.Response.WriteAsync(StatusFormatter.Format(unknown), context.RequestAborted);
                return;
            }
        }
        await next(context);
    });

    /// <summary>The enums a request body may name, by field: the transcoder's own error for a wrong name is a type message.</summary>
    private static readonly Dictionary<string, Google.Protobuf.Reflection.EnumDescriptor> Enums = new(StringComparer.Ordinal)
    {
        ["explanation"] = V1.AppraisalReflection.Descriptor.FindTypeByName<Google.Protobuf.Reflection.EnumDescriptor>("ExplanationLevel"),
        ["language"] = V1.AppraisalReflection.Descriptor.FindTypeByName<Google.Protobuf.Reflection.EnumDescriptor>("Language"),
    };

    /// <summary>
    /// INVALID_ARGUMENT naming the field and the valid names when a top-level enum field of the body holds a name (or
    /// number) the enum does not have; null otherwise.
    /// </summary>
    private static Google.Rpc.Status? UnknownEnumName(byte[] body)
    {
        using var document = System.Text.Json.JsonDocument.Parse(body);
        if (document.RootElement.ValueKind != System.Text.Json.JsonValueKind.Object) return null;
        foreach (var property in document.RootElement.EnumerateObject())
        {
            if (!Enums.TryGetValue(property.Name, out var descriptor)) continue;
            var value = property.Value;
            var known = value.ValueKind switch
            {
                System.Text.Json.JsonValueKind.String => descriptor.FindValueByName(value.GetString()!) is not null,
                System.Text.Json.JsonValueKind.Number => value.TryGetInt32(out var number) && descriptor.FindValueByNumber(number) is not null,
                System.Text.Json.JsonValueKind.Null => true,
                _ => false,
            };
            if (known) continue;
            var names = string.Join(", ", descriptor.Values.Select(v => v.Name));
            var found = value.ValueKind == System.Text.Json.JsonValueKind.String ? Errors.QuoteShort(value.GetString()!) : Errors.Clip(value.GetRawText(), 40);
            return Errors.InvalidField(property.Name, $"one of {names}", found);
        }
        return null;
    }
}
