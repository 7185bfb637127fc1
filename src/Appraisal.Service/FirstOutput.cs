using Newtonsoft.Json;

namespace Appraisal.Service;

/// <summary>
/// What the service says once it listens, for a newcomer reading the console: where the REST face, its OpenAPI document, the health routes,
/// the metrics and gRPC are, and a <c>curl</c> line to paste (an evaluation of the README's example when that policy
/// is served, else a description of the first policy). Logged once, at Information. Names no token, no fact of a caller.
/// </summary>
public static class FirstOutput
{
    /// <summary>The README's example: the after-sales policy and the facts of its test case "恰好 91 分".</summary>
    public const string ExamplePolicy = "after-sales/售后客服考核";

    public const string ExampleFacts =
        """{"岗位":"普通售后客服","素质":"良","退款率":"6%","纠纷处理":"良","配合度":"良","执行力":"中","迟到":1,"客户表扬":3,"低质评价":1}""";

    /// <summary>The first line of the text.</summary>
    public const string Heading = "Appraisal service ready — what to do next:";

    /// <param name="rest">The REST face's base URL without a trailing slash (<c>http://127.0.0.1:5081</c>), or null when there is none.</param>
    /// <param name="grpc">Where gRPC listens (<c>http://127.0.0.1:5080</c>).</param>
    /// <param name="policies">The ids of the policies served, in order.</param>
    /// <param name="metrics">Whether <c>/metrics</c> is served.</param>
    /// <param name="tokens">Whether calls need a bearer token (the line then asks for it, never shows one).</param>
    public static string Text(string? rest, string grpc, IReadOnlyList<string> policies, bool metrics, bool tokens)
    {
        var lines = new List<string> { Heading };
        if (rest is not null)
        {
            lines.Add($"  REST/JSON   {rest}/  (policies: {rest}/v1/policies)");
            lines.Add($"  OpenAPI     {rest}{OpenApi.DocumentPath}  (browse: {rest}{OpenApi.UiPath}/index.html)");
            lines.Add($"  health      {rest}/healthz   {rest}/readyz");
            if (metrics) lines.Add($"  metrics     {rest}{TelemetryOptions.MetricsPath}  (Prometheus text)");
        }
        else
        {
            lines.Add("  REST/JSON   off (Service:RestPort = 0)");
        }
        lines.Add($"  gRPC        {grpc}  (appraisal.v1.Appraisal, plain-text HTTP/2 unless TLS is configured; reflection on)");
        lines.Add("  contract    src/Appraisal.Service/Protos/appraisal/v1/appraisal.proto");
        if (rest is not null && Curl(rest, policies, tokens) is { } curl)
        {
            lines.Add("  try:");
            lines.Add("    " + curl);
        }
        return string.Join(Environment.NewLine, lines);
    }

    /// <summary>The line to paste: the README's evaluation when its policy is served, else a description of the first policy; null when none is served.</summary>
    public static string? Curl(string rest, IReadOnlyList<string> policies, bool tokens)
    {
        var authorization = tokens ? " -H 'authorization: Bearer <token>'" : "";
        if (policies.Contains(ExamplePolicy, StringComparer.Ordinal))
        {
            var body = JsonConvert.SerializeObject(new { factsJson = ExampleFacts, period = "2026-03" });
            return $"curl -s -X POST '{rest}/v1/policies/{ExamplePolicy}:evaluate' -H 'content-type: application/json'{authorization} -d '{body}'";
        }
        return policies.Count > 0 ? $"curl -s '{rest}/v1/policies/{policies[0]}'{authorization}" : null;
    }
}
