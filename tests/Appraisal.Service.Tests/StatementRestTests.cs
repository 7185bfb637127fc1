using System.Net;
using System.Text;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Newtonsoft.Json.Linq;

namespace Appraisal.Service.Tests;

/// <summary>
/// The statement routes' conventions: errors are the JSON error bodies with the statuses the gRPC calls give (never a
/// stack trace or a page), the bearer token applies, and no fact reaches a log.
/// </summary>
public sealed class StatementRestTests : IDisposable
{
    private const string Token = "statement-token";
    private readonly ServiceFactory _factory = new();
    private readonly LogSink _logs = new();
    private readonly WebApplicationFactory<Program> _host;

    public StatementRestTests()
    {
        _host = _factory.WithWebHostBuilder(b => b.ConfigureServices(s => s.AddSingleton<ILoggerProvider>(_logs)));
    }

    public void Dispose()
    {
        _host.Dispose();
        _factory.Dispose();
    }

    private static string PolicyPath(string id) => string.Join('/', id.Split('/').Select(Uri.EscapeDataString));

    private static StringContent Json(JObject body) => new(body.ToString(), Encoding.UTF8, "application/json");

    private static async Task<JObject> Error(HttpResponseMessage response, HttpStatusCode status, int code)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"{response.StatusCode}: {body}");
        Assert.StartsWith("application/json", response.Content.Headers.ContentType?.ToString());
        var error = JObject.Parse(body);
        Assert.Equal(code, (int)error["code"]!);
        Assert.DoesNotContain("   at ", body);
        return error;
    }

    [Fact]
    public async Task Errors_are_the_JSON_bodies_with_the_statuses_of_the_gRPC_calls()
    {
        using var http = _host.CreateClient();
        var unknown = await Error(await http.GetAsync("/v1/records/no-such-request:statement"), HttpStatusCode.NotFound, 5);
        Assert.Contains("没有请求 id 为 'no-such-request' 的记录", (string?)unknown["message"]);
        await Error(await http.PostAsync("/v1/policies/no/such:statement", Json(new JObject { ["factsJson"] = "{}" })), HttpStatusCode.NotFound, 5);
        var facts = await Error(await http.PostAsync($"/v1/policies/{PolicyPath(TestPolicies.AfterSales)}:statement",
            Json(new JObject { ["factsJson"] = TestPolicies.Facts91.Replace("\"良\", \"退款率\"", "\"好\", \"退款率\"") })), HttpStatusCode.BadRequest, 3);
        Assert.Contains("$.素质", (string?)facts["message"]);
        Assert.Contains("BadRequest", facts["details"]!.ToString());
        // Recording needs a subject, a request id and a period, as Evaluate says.
        await Error(await http.PostAsync($"/v1/policies/{PolicyPath(TestPolicies.AfterSales)}:statement",
            Json(new JObject { ["factsJson"] = TestPolicies.Facts91, ["record"] = true })), HttpStatusCode.BadRequest, 3);
    }

    [Fact]
    public async Task No_fact_reaches_a_log()
    {
        using var http = _host.CreateClient();
        var facts = JObject.Parse(TestPolicies.Facts91);
        facts["迟到"] = 3;
        var requestId = "logs-" + Guid.NewGuid().ToString("N");
        var body = new JObject { ["factsJson"] = facts.ToString(), ["subjectId"] = "SECRET-SUBJECT", ["period"] = "2026-01", ["record"] = true, ["requestId"] = requestId };
        var page = await http.PostAsync($"/v1/policies/{PolicyPath(TestPolicies.AfterSales)}:statement", Json(body));
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync($"/v1/records/{requestId}:statement")).StatusCode);
        var bad = await http.PostAsync($"/v1/policies/{PolicyPath(TestPolicies.AfterSales)}:statement",
            Json(new JObject { ["factsJson"] = """{ "素质": "SECRET-VALUE" }""" }));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        // The start-up guide quotes the README's example facts (FirstOutput: no caller's), so it is left out here.
        Assert.DoesNotContain(_logs.Messages.Where(m => !m.StartsWith(FirstOutput.Heading, StringComparison.Ordinal)),
            m => m.Contains("SECRET") || m.Contains("素质"));
    }

    [Fact]
    public async Task A_recorded_statement_of_a_retired_version_or_erased_record_says_so()
    {
        using var http = _host.CreateClient();
        var requestId = "erased-" + Guid.NewGuid().ToString("N");
        var body = new JObject { ["factsJson"] = TestPolicies.Facts91, ["subjectId"] = "E1", ["period"] = "2026-01", ["record"] = true, ["requestId"] = requestId };
        Assert.Equal(HttpStatusCode.OK, (await http.PostAsync($"/v1/policies/{PolicyPath(TestPolicies.AfterSales)}:statement", Json(body))).StatusCode);
        var host = _host.Services.GetRequiredService<Recording.LedgerHost>();
        await host.Ledger!.ApplyRetentionAsync(new Ledger.RetentionPolicy(TimeSpan.FromDays(30), null), DateTimeOffset.UtcNow.AddDays(31));
        var page = await (await http.GetAsync($"/v1/records/{requestId}:statement")).Content.ReadAsStringAsync();
        Assert.Contains("按保留期限删除", page);
        Assert.Contains("2700.00 元", page);
        Assert.DoesNotContain("class=\"arithmetic\"", page);
    }

    [Fact]
    public async Task The_token_applies_to_the_statement_routes()
    {
        using var secured = _factory.WithWebHostBuilder(b => b.UseSetting("Security:Token", Token));
        using var http = secured.CreateClient();
        var body = Json(new JObject { ["factsJson"] = TestPolicies.Facts91 });
        await Error(await http.PostAsync($"/v1/policies/{PolicyPath(TestPolicies.AfterSales)}:statement", body), HttpStatusCode.Unauthorized, 16);
        await Error(await http.GetAsync("/v1/records/r:statement"), HttpStatusCode.Unauthorized, 16);

        using var request = new HttpRequestMessage(HttpMethod.Post, $"/v1/policies/{PolicyPath(TestPolicies.AfterSales)}:statement")
        {
            Content = Json(new JObject { ["factsJson"] = TestPolicies.Facts91, ["language"] = "LANGUAGE_EN" }),
        };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", Token);
        var allowed = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        Assert.Contains("<html lang=\"en\">", await allowed.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task With_the_ledger_off_a_recorded_statement_is_FAILED_PRECONDITION()
    {
        using var off = _factory.WithWebHostBuilder(b => b.UseSetting("Ledger:Enabled", "false"));
        using var http = off.CreateClient();
        await Error(await http.GetAsync("/v1/records/r:statement"), HttpStatusCode.BadRequest, 9);
    }
}
