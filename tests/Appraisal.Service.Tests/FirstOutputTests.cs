using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Newtonsoft.Json.Linq;

namespace Appraisal.Service.Tests;

/// <summary>
/// What the service prints first tells a newcomer what to do next (the REST, health, metrics and gRPC addresses and a
/// curl line that works), and its JSON logs write Chinese as it is.
/// </summary>
public sealed partial class FirstOutputTests : IDisposable
{
    private readonly ServiceFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task The_first_output_gives_the_addresses_once_and_a_curl_line_that_evaluates_the_readme_example()
    {
        var logs = new LogSink();
        using var host = _factory.WithWebHostBuilder(b => b.ConfigureServices(s => s.AddSingleton<ILoggerProvider>(logs)));
        using var http = host.CreateClient();

        var first = Assert.Single(logs.Messages, m => m.StartsWith("Appraisal service ready", StringComparison.Ordinal));
        Assert.Contains("REST/JSON   http://127.0.0.1:5081/  (policies: http://127.0.0.1:5081/v1/policies)", first);
        Assert.Contains("OpenAPI     http://127.0.0.1:5081/openapi/v1.json  (browse: http://127.0.0.1:5081/openapi/index.html)", first);
        Assert.Contains("health      http://127.0.0.1:5081/healthz   http://127.0.0.1:5081/readyz", first);
        Assert.Contains("metrics     http://127.0.0.1:5081/metrics", first);
        Assert.Contains("gRPC        http://127.0.0.1:5080", first);

        // The curl line, run as curl would run it (against the in-process host): the README's 91 points.
        var curl = CurlLine().Match(first);
        Assert.True(curl.Success, first);
        Assert.StartsWith("http://127.0.0.1:5081/v1/policies/after-sales/售后客服考核:evaluate", curl.Groups["url"].Value);
        var path = new Uri(curl.Groups["url"].Value).AbsolutePath;
        var reply = await http.PostAsync(path, new StringContent(curl.Groups["body"].Value, Encoding.UTF8, "application/json"));
        var body = await reply.Content.ReadAsStringAsync();
        Assert.True(reply.StatusCode == HttpStatusCode.OK, body);
        var score = ((JArray)JObject.Parse(body)["outputs"]!).Single(o => (string?)o["name"] == "得分");
        Assert.Equal("91", (string?)score["value"]);
    }

    [Fact]
    public void Without_the_readme_policy_the_curl_line_describes_the_first_policy_and_asks_for_the_token_when_one_is_needed()
    {
        Assert.Equal("curl -s 'http://127.0.0.1:5081/v1/policies/a/b' -H 'authorization: Bearer <token>'",
            FirstOutput.Curl("http://127.0.0.1:5081", ["a/b", "c"], tokens: true));
        Assert.Null(FirstOutput.Curl("http://127.0.0.1:5081", [], tokens: false));
        Assert.Contains("REST/JSON   off (Service:RestPort = 0)", FirstOutput.Text(null, "http://127.0.0.1:5080", ["a/b"], metrics: true, tokens: false));
    }

    [Fact]
    public async Task Json_logs_keep_Chinese_readable_and_say_where_to_start()
    {
        // A policy under a Chinese folder name too (its id is then all Chinese).
        File.WriteAllText(Path.Combine(Directory.CreateDirectory(_factory.Policies.PathOf("售后二部")).FullName, "售后客服考核.policy"),
            _factory.Policies.Read(TestPolicies.AfterSalesFile));
        var rest = ServiceProcess.FreePort();
        await using var service = await ServiceProcess.StartAsync(new Dictionary<string, string>
        {
            ["Logging:Console:FormatterName"] = "json",
            ["Policies:Directory"] = _factory.Policies.Directory,
            ["Ledger:DataDirectory"] = _factory.DataDirectory,
            ["Service:RestPort"] = rest.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        var until = DateTime.UtcNow.AddSeconds(20);
        while (!service.Output.Contains("what to do next", StringComparison.Ordinal) && DateTime.UtcNow < until) await Task.Delay(100);
        var lines = service.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Where(l => l.StartsWith('{')).ToList();

        var loaded = Assert.Single(lines, l => l.Contains("\"Message\":\"Policy 售后二部/售后客服考核 loaded", StringComparison.Ordinal));
        Assert.Equal("售后二部/售后客服考核", (string?)JObject.Parse(loaded)["State"]!["Id"]);
        Assert.Contains(lines, l => l.Contains("\"Message\":\"Policy after-sales/售后客服考核 loaded", StringComparison.Ordinal));
        Assert.All(lines, l => Assert.DoesNotContain("\\u", l));

        var first = (string?)JObject.Parse(Assert.Single(lines, l => l.Contains("what to do next", StringComparison.Ordinal)))["Message"];
        Assert.Contains($"http://127.0.0.1:{rest}/readyz", first);
        Assert.Contains($"gRPC        http://127.0.0.1:{service.Port}", first);
        Assert.Contains($"curl -s -X POST 'http://127.0.0.1:{rest}/v1/policies/after-sales/售后客服考核:evaluate'", first);
    }

    [GeneratedRegex(@"curl -s -X POST '(?<url>[^']+)' -H 'content-type: application/json' -d '(?<body>[^']+)'")]
    private static partial Regex CurlLine();
}
