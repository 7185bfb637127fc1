using System.Net;
using System.Text.RegularExpressions;
using Google.Api;
using Google.Protobuf.Reflection;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi;
using Microsoft.OpenApi.Models;
using Microsoft.OpenApi.Readers;

namespace Appraisal.Service.Tests;

/// <summary>
/// The REST face describes itself: <c>/openapi/v1.json</c> is an OpenAPI 3 document with every route the proto's
/// <c>google.api.http</c> options declare (and no other), the messages as schemas and the proto's comments as
/// descriptions; it is open without a token, like the health routes. The root page's links all lead somewhere.
/// </summary>
public sealed partial class OpenApiTests : IDisposable
{
    private readonly ServiceFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    private async Task<OpenApiDocument> Document(HttpClient http)
    {
        var reply = await http.GetAsync(OpenApi.DocumentPath);
        var text = await reply.Content.ReadAsStringAsync();
        Assert.True(reply.StatusCode == HttpStatusCode.OK, text);
        var document = new OpenApiStringReader().Read(text, out var diagnostic);
        Assert.Empty(diagnostic.Errors);
        Assert.Equal(OpenApiSpecVersion.OpenApi3_0, diagnostic.SpecificationVersion);
        return document;
    }

    /// <summary>The REST routes the proto declares: (HTTP method, path with its parameters by their JSON names).</summary>
    private static IEnumerable<(MethodDescriptor Method, OperationType Verb, string Path)> ProtoRoutes()
    {
        var service = V1.AppraisalReflection.Descriptor.FindTypeByName<Google.Protobuf.Reflection.ServiceDescriptor>("Appraisal");
        foreach (var method in service.Methods)
        {
            if (method.GetOptions()?.GetExtension(AnnotationsExtensions.Http) is not { } rule) continue;
            (OperationType Verb, string Template) route = rule.PatternCase switch
            {
                HttpRule.PatternOneofCase.Get => (OperationType.Get, rule.Get),
                HttpRule.PatternOneofCase.Post => (OperationType.Post, rule.Post),
                HttpRule.PatternOneofCase.Put => (OperationType.Put, rule.Put),
                HttpRule.PatternOneofCase.Delete => (OperationType.Delete, rule.Delete),
                HttpRule.PatternOneofCase.Patch => (OperationType.Patch, rule.Patch),
                var other => throw new InvalidOperationException($"{method.Name}: an HTTP rule of kind {other} is not expected"),
            };
            // "{policy_id=**}" is the parameter named by the field's JSON name: "{policyId}".
            var path = PathVariable().Replace(route.Template, m => "{" + method.InputType.FindFieldByName(m.Groups["field"].Value).JsonName + "}");
            yield return (method, route.Verb, path);
        }
    }

    [GeneratedRegex(@"\{(?<field>[a-z0-9_.]+)(=[^}]*)?\}")]
    private static partial Regex PathVariable();

    [Fact]
    public async Task The_document_is_OpenAPI_3_and_lists_exactly_the_REST_routes_of_the_proto()
    {
        using var http = _factory.CreateClient();
        var document = await Document(http);

        var expected = ProtoRoutes().Select(r => $"{r.Verb.ToString().ToUpperInvariant()} {r.Path}").Order(StringComparer.Ordinal).ToList();
        var listed = document.Paths.SelectMany(p => p.Value.Operations.Keys.Select(verb => $"{verb.ToString().ToUpperInvariant()} {p.Key}"))
            .Order(StringComparer.Ordinal).ToList();
        Assert.True(expected.Count >= 10, string.Join(", ", expected)); // the proto declares a dozen; none was lost on the way
        Assert.Equal(expected, listed);
        Assert.Contains("POST /v1/policies/{policyId}:evaluate", listed);
    }

    [Fact]
    public async Task Evaluate_has_its_request_and_reply_as_schemas_with_every_field_and_the_proto_comments_as_descriptions()
    {
        using var http = _factory.CreateClient();
        var document = await Document(http);
        var (method, verb, path) = ProtoRoutes().Single(r => r.Method.Name == "Evaluate");
        var operation = document.Paths[path].Operations[verb];

        var request = operation.RequestBody.Content["application/json"].Schema;
        Assert.Equal("EvaluateRequest", request.Reference?.Id);
        var reply = operation.Responses["200"].Content["application/json"].Schema;
        Assert.Equal("EvaluateReply", reply.Reference?.Id);
        foreach (var (schema, message) in new[] { (request, method.InputType), (reply, method.OutputType) })
        {
            var properties = document.Components.Schemas[schema.Reference!.Id].Properties;
            Assert.Equal(message.Fields.InDeclarationOrder().Select(f => f.JsonName).Order(StringComparer.Ordinal),
                properties.Keys.Order(StringComparer.Ordinal));
        }

        // The proto's comments: on the method, and on the field the path parameter stands for.
        Assert.StartsWith("Evaluates one fact set.", operation.Summary);
        var policyId = Assert.Single(operation.Parameters, p => p.In == ParameterLocation.Path);
        Assert.Equal(("policyId", true), (policyId.Name, policyId.Required));
        Assert.Contains("after-sales/售后客服考核", policyId.Description);
        Assert.Contains("Needs subject_id, period and request_id", document.Components.Schemas["EvaluateRequest"].Properties["record"].Description);
        // Errors are described as google.rpc.Status, the REST face's error body.
        Assert.Equal("Status", operation.Responses["default"].Content["application/json"].Schema.Reference?.Id);
        // The bearer scheme is declared, for services configured with tokens.
        Assert.Equal((SecuritySchemeType.Http, "bearer"), (document.Components.SecuritySchemes["bearer"].Type, document.Components.SecuritySchemes["bearer"].Scheme));
    }

    [Fact]
    public async Task The_document_and_its_browser_need_no_token_while_the_routes_it_describes_do()
    {
        await using var host = _factory.WithWebHostBuilder(b => b.UseSetting("Security:Token", "openapi-test-token-7c1e"));
        using var http = host.CreateClient();

        Assert.NotEmpty((await Document(http)).Paths);
        var ui = await http.GetAsync(OpenApi.UiPath + "/index.html");
        Assert.Equal(HttpStatusCode.OK, ui.StatusCode);
        Assert.Contains("swagger-ui", await ui.Content.ReadAsStringAsync()); // its files come from the package, not from a CDN
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync("/v1/policies")).StatusCode);
    }

    [Fact]
    public void Describing_the_routes_maps_none_of_them_twice()
    {
        // Grpc.Swagger calls AddGrpc again: registered in the wrong order it brings back the method provider that the
        // decoding errors replace, and every gRPC method then matches two endpoints (an ambiguity, HTTP 500).
        var routes = _factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Select(e => $"{e.DisplayName} {e.RoutePattern.RawText}").ToList();
        Assert.Contains(routes, r => r.Contains("/grpc.health.v1.Health/Check", StringComparison.Ordinal));
        Assert.Empty(routes.GroupBy(r => r).Where(g => g.Count() > 1).Select(g => g.Key));
    }

    [GeneratedRegex(@"GET (?<path>/[^\s)]*)")]
    private static partial Regex GetLink();

    [Fact]
    public async Task Every_link_on_the_root_page_answers()
    {
        using var http = _factory.CreateClient();
        var page = await http.GetStringAsync("/");
        var links = GetLink().Matches(page).Select(m => m.Groups["path"].Value).ToList();
        Assert.Equal(["/v1/policies", OpenApi.DocumentPath, OpenApi.UiPath + "/index.html", "/studio", "/healthz", "/readyz", "/metrics"], links);

        // The studio is built on another branch: where this host maps no route under /studio, its link is the one
        // expected to be missing (404); once the studio is mapped it must answer like every other link.
        var studioMapped = _factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Any(e => e.RoutePattern.RawText?.TrimStart('/').StartsWith("studio", StringComparison.OrdinalIgnoreCase) == true);
        foreach (var link in links)
        {
            var reply = await http.GetAsync(link);
            var expected = link == "/studio" && !studioMapped ? HttpStatusCode.NotFound : HttpStatusCode.OK;
            Assert.True(reply.StatusCode == expected, $"GET {link}: {(int)reply.StatusCode}, expected {(int)expected}");
        }
    }
}
