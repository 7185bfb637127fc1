using System.Net;
using System.Text;
using Newtonsoft.Json.Linq;

namespace Appraisal.Service.Tests;

/// <summary>The REST/JSON face (gRPC JSON transcoding) through the in-process host's HttpClient: JSON in and out, decimals as strings.</summary>
public sealed class RestTests(ServiceFactory factory) : IClassFixture<ServiceFactory>
{
    private static string PolicyPath(string id) => string.Join('/', id.Split('/').Select(Uri.EscapeDataString));

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static async Task<JObject> Read(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{response.StatusCode}: {body}");
        Assert.StartsWith("application/json", response.Content.Headers.ContentType?.ToString());
        return JObject.Parse(body);
    }

    [Fact]
    public async Task Evaluate_takes_and_returns_JSON_with_decimals_as_strings()
    {
        using var http = factory.CreateClient();
        var body = new JObject
        {
            ["factsJson"] = TestPolicies.Facts91,
            ["explanation"] = "EXPLANATION_LEVEL_SUMMARY",
            ["language"] = "LANGUAGE_ZH",
        };
        var reply = await Read(await http.PostAsync($"/v1/policies/{PolicyPath(TestPolicies.AfterSales)}:evaluate", Json(body.ToString())), HttpStatusCode.OK);

        Assert.Equal(TestPolicies.AfterSales, (string?)reply["policyId"]);
        var outputs = ((JArray)reply["outputs"]!).ToDictionary(o => (string)o["name"]!, o => o["value"]!);
        Assert.Equal(JTokenType.String, outputs["KPI奖金"].Type);
        Assert.Equal("700.00", (string?)outputs["KPI奖金"]);
        Assert.Equal("2700.00", (string?)outputs["工资"]);
        Assert.Equal("700.00", (string?)JObject.Parse((string)reply["outputsJson"]!)["KPI奖金"]);
        Assert.Contains("KPI奖金", (string?)reply["explanationText"]);
    }

    [Fact]
    public async Task Evaluate_with_facts_as_a_JSON_object()
    {
        using var http = factory.CreateClient();
        var body = new JObject { ["factsStruct"] = JObject.Parse(TestPolicies.Facts91) };
        var reply = await Read(await http.PostAsync($"/v1/policies/{PolicyPath(TestPolicies.AfterSales)}:evaluate", Json(body.ToString())), HttpStatusCode.OK);
        Assert.Equal("91", (string?)((JArray)reply["outputs"]!).Single(o => (string?)o["name"] == "得分")["value"]);
    }

    [Theory]
    [InlineData("explanation", "\"FULL\"", "explanation: one of EXPLANATION_LEVEL_NONE, EXPLANATION_LEVEL_SUMMARY, EXPLANATION_LEVEL_FULL, found \"FULL\"")]
    [InlineData("language", "\"zh\"", "language: one of LANGUAGE_UNSPECIFIED, LANGUAGE_EN, LANGUAGE_ZH, found \"zh\"")]
    [InlineData("explanation", "7", "explanation: one of EXPLANATION_LEVEL_NONE, EXPLANATION_LEVEL_SUMMARY, EXPLANATION_LEVEL_FULL, found 7")]
    public async Task An_enum_by_a_wrong_name_is_400_listing_the_valid_names(string field, string value, string violation)
    {
        using var http = factory.CreateClient();
        var body = $$"""{ "factsJson": {{Newtonsoft.Json.JsonConvert.ToString(TestPolicies.Facts91)}}, "{{field}}": {{value}} }""";
        var error = await Read(await http.PostAsync($"/v1/policies/{PolicyPath(TestPolicies.AfterSales)}:evaluate", Json(body)), HttpStatusCode.BadRequest);
        Assert.Equal(3, (int)error["code"]!);
        var (message, found) = (violation[..violation.IndexOf(", found ", StringComparison.Ordinal)], violation[(violation.IndexOf(", found ", StringComparison.Ordinal) + 2)..]);
        Assert.Equal(message, (string?)error["message"]);
        Assert.Contains(found.Replace("\"", "\\\""), error["details"]!.ToString());
    }

    [Fact]
    public async Task Bad_facts_are_400_with_the_status_and_its_details()
    {
        using var http = factory.CreateClient();
        var body = new JObject { ["factsJson"] = TestPolicies.Facts91.Replace("\"良\", \"退款率\"", "\"好\", \"退款率\"") };
        var error = await Read(await http.PostAsync($"/v1/policies/{PolicyPath(TestPolicies.AfterSales)}:evaluate", Json(body.ToString())), HttpStatusCode.BadRequest);
        Assert.Equal(3, (int)error["code"]!);
        Assert.Contains("$.素质", (string?)error["message"]);
        Assert.Contains("BadRequest", error["details"]!.ToString());
    }

    [Fact]
    public async Task An_unknown_policy_is_404()
    {
        using var http = factory.CreateClient();
        var error = await Read(await http.GetAsync("/v1/policies/after-sales/nothing"), HttpStatusCode.NotFound);
        Assert.Equal(5, (int)error["code"]!);
    }

    [Fact]
    public async Task Check_takes_policy_text()
    {
        using var http = factory.CreateClient();
        var body = new JObject { ["source"] = "policy p\ninput { a: points }\noutput b: points = a + 1 yuan\n", ["language"] = "LANGUAGE_EN" };
        var reply = await Read(await http.PostAsync("/v1:check", Json(body.ToString())), HttpStatusCode.OK);
        Assert.True((int)reply["errors"]! >= 1);
        var diagnostic = ((JArray)reply["diagnostics"]!).First(d => (string?)d["severity"] == "SEVERITY_ERROR");
        Assert.Equal("PL0202", (string?)diagnostic["code"]);
        Assert.Equal(3, (int)diagnostic["line"]!);
    }

    [Fact]
    public async Task ListPolicies_and_DescribePolicy_are_GETs()
    {
        using var http = factory.CreateClient();
        var list = await Read(await http.GetAsync("/v1/policies"), HttpStatusCode.OK);
        var ids = ((JArray)list["policies"]!).Select(p => (string?)p["id"]).ToList();
        Assert.Contains(TestPolicies.AfterSales, ids);
        Assert.All((JArray)list["policies"]!, p => Assert.Equal("POLICY_STATUS_READY", (string?)p["status"]));

        var described = await Read(await http.GetAsync($"/v1/policies/{PolicyPath(TestPolicies.AfterSales)}?language=LANGUAGE_ZH"), HttpStatusCode.OK);
        Assert.Equal(TestPolicies.AfterSales, (string?)described["summary"]!["id"]);
        var refundRate = ((JArray)described["inputs"]!).Single(i => (string?)i["name"] == "退款率");
        Assert.Equal(JTokenType.String, refundRate["high"]?.Type ?? JTokenType.String);
    }

    /// <summary>The field violations of a REST error body.</summary>
    private static List<(string Field, string Description)> Violations(JObject error) =>
        ((JArray)error["details"]!).Where(d => ((string?)d["@type"])!.EndsWith("google.rpc.BadRequest", StringComparison.Ordinal))
            .SelectMany(d => (JArray)d["fieldViolations"]!).Select(v => ((string)v["field"]!, (string)v["description"]!)).ToList();

    [Theory]
    [InlineData("""{ "factsStruct": { "素质": "良", "素质": "优" } }""", "$.factsStruct.素质", "expected each key at most once, found a repeated key")]
    [InlineData("""{ "factsStruct": { "系数": 1e-400 } }""", "$.factsStruct.系数", "expected a number a decimal can hold (at least 0.0000000000000000000000000001 away from 0, or 0), found 1e-400")]
    [InlineData("""{ "factsStruct": { "素质": "良", } }""", "$.factsStruct.素质", "expected well-formed JSON, found ")]
    [InlineData("""{ "factsStruct": { /* 注释 */ "素质": "良" } }""", "$.factsStruct", "expected well-formed JSON, found ")]
    [InlineData("""{ "factsJson": "{ \"素质\": \"良\", }" }""", "$.素质", "expected well-formed JSON, found ")]
    public async Task Facts_on_the_REST_face_are_strict_JSON_like_everywhere(string body, string field, string description)
    {
        using var http = factory.CreateClient();
        var error = await Read(await http.PostAsync($"/v1/policies/{PolicyPath(TestPolicies.AfterSales)}:evaluate", Json(body)), HttpStatusCode.BadRequest);
        Assert.Equal(3, (int)error["code"]!);
        var violation = Assert.Single(Violations(error));
        Assert.Equal(field, violation.Field);
        Assert.StartsWith(description, violation.Description);
    }
}
