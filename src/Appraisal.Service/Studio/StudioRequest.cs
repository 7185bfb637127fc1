using System.Text.Json;
using Lang = Appraisal.Policy.Diagnostics.Language;

namespace Appraisal.Service.Studio;

/// <summary>
/// One call of the studio's API as it arrived: a JSON object (the draft's policy id and text, a position, facts …),
/// read field by field; a field missing or of the wrong kind is a <see cref="StudioBadRequest"/> naming it (400), never a 500.
/// </summary>
internal sealed class StudioRequest(JsonElement body)
{
    /// <summary>The most policy text a draft may have (the service's Service:MaxSourceChars is checked too, by the caller).</summary>
    public static async Task<StudioRequest> ReadAsync(HttpRequest request)
    {
        if (!request.HasJsonContentType()) throw new StudioBadRequest("", "the body must be JSON (content-type: application/json)");
        try
        {
            using var document = await JsonDocument.ParseAsync(request.Body, default, request.HttpContext.RequestAborted);
            if (document.RootElement.ValueKind != JsonValueKind.Object) throw new StudioBadRequest("", "the body must be a JSON object");
            return new StudioRequest(document.RootElement.Clone());
        }
        catch (JsonException e)
        {
            throw new StudioBadRequest("", $"the body is not JSON: {e.Message}");
        }
    }

    public string String(string name, bool required = true)
    {
        if (!body.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
            return required ? throw new StudioBadRequest(name, "is required") : "";
        return value.ValueKind == JsonValueKind.String ? value.GetString()! : throw new StudioBadRequest(name, "must be a string");
    }

    public int Int(string name)
    {
        if (!body.TryGetProperty(name, out var value)) throw new StudioBadRequest(name, "is required");
        return value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number) && number >= 0
            ? number : throw new StudioBadRequest(name, "must be a whole number, 0 or more");
    }

    /// <summary><c>lang</c>: "zh" (the default) or "en", the language of messages, explanations and statements.</summary>
    public Lang Language => String("lang", required: false) switch
    {
        "" or "zh" => Lang.Zh,
        "en" => Lang.En,
        var other => throw new StudioBadRequest("lang", $"must be \"zh\" or \"en\", not {JsonSerializer.Serialize(other)}"),
    };
}

/// <summary>A request the studio cannot answer as sent: 400 with <c>{"error": "FIELD: what is wrong"}</c>.</summary>
internal sealed class StudioBadRequest(string field, string problem) : Exception(field.Length == 0 ? problem : $"{field}: {problem}")
{
    public string Field { get; } = field;
}
