using System.Net;
using System.Text;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Newtonsoft.Json.Linq;

namespace Appraisal.Service.Tests;

/// <summary>
/// The studio's page and API (/studio, /studio/api/…) over HTTP, in process: the page is served from the assembly with
/// its type, ETag and gzip; a draft is checked, tested, tried and formatted without ever reaching the policy directory;
/// bad input is a 400 with a small JSON error (never a 500); with a token configured every API call needs it.
/// </summary>
public sealed class StudioApiTests(ServiceFactory factory) : IClassFixture<ServiceFactory>
{
    private const string Id = TestPolicies.AfterSales;

    private string Text => factory.Policies.Read(TestPolicies.AfterSalesFile);

    private static StringContent Json(object body) => new(JObject.FromObject(body).ToString(), Encoding.UTF8, "application/json");

    private static async Task<JObject> Ok(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{response.StatusCode}: {body}");
        Assert.StartsWith("application/json", response.Content.Headers.ContentType?.ToString());
        return JObject.Parse(body);
    }

    private static async Task<string> BadRequest(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{response.StatusCode}: {body}");
        var json = JObject.Parse(body);
        return (string?)json["error"] ?? (string)json["message"]!; // the studio's error, or the service's own for a body that is not JSON (StrictJsonBodies)
    }

    [Fact]
    public async Task The_page_is_served_from_the_assembly_with_its_type_an_ETag_and_gzip()
    {
        using var http = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var redirect = await http.GetAsync("/studio");
        Assert.Equal((HttpStatusCode.Redirect, "/studio/"), (redirect.StatusCode, redirect.Headers.Location?.ToString()));

        var page = await http.GetAsync("/studio/");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html; charset=utf-8", page.Content.Headers.ContentType?.ToString());
        Assert.Contains("default-src 'self'", page.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Contains("<script type=\"module\" src=\"studio.js\">", await page.Content.ReadAsStringAsync());

        using var zipped = new HttpRequestMessage(HttpMethod.Get, "/studio/studio.js");
        zipped.Headers.AcceptEncoding.ParseAdd("gzip, br");
        var script = await http.SendAsync(zipped);
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
        Assert.Equal("text/javascript; charset=utf-8", script.Content.Headers.ContentType?.ToString());
        Assert.Equal("gzip", script.Content.Headers.ContentEncoding.Single());
        var etag = script.Headers.ETag!;
        Assert.Equal("no-cache", script.Headers.CacheControl?.ToString());

        using var again = new HttpRequestMessage(HttpMethod.Get, "/studio/studio.js");
        again.Headers.IfNoneMatch.Add(etag);
        Assert.Equal(HttpStatusCode.NotModified, (await http.SendAsync(again)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/studio/nothing-here.js")).StatusCode);
    }

    [Fact]
    public async Task A_mistake_in_a_draft_is_a_diagnostic_with_its_code_position_and_message_in_either_language()
    {
        using var http = factory.CreateClient();
        var text = Text.Replace("  迟到:     count = 0", "  迟到:     cuont = 0");
        var line = text.Split('\n').TakeWhile(l => !l.Contains("cuont")).Count();
        var en = await Ok(await http.PostAsync("/studio/api/check", Json(new { policyId = Id, text, lang = "en" })));
        var diagnostic = en["diagnostics"]!.Single(d => (string)d["severity"]! == "error");
        Assert.Equal(("error", line, 10), ((string)diagnostic["severity"]!, (int)diagnostic["from"]!["line"]!, (int)diagnostic["from"]!["character"]!));
        Assert.Equal(("PL0103", "unknown type 'cuont'", "did you mean 'count'?"), ((string)diagnostic["code"]!, (string)diagnostic["message"]!, (string)diagnostic["hint"]!));
        Assert.Equal((1, 1), ((int)en["errors"]!, (int)en["warnings"]!));
        // Its quick fix, as edits of the draft: the word replaced by the suggestion.
        var edit = diagnostic["fixes"]!.Single()["edits"]!.Single();
        Assert.Equal(("count", line, 10, 15), ((string)edit["newText"]!, (int)edit["from"]!["line"]!, (int)edit["from"]!["character"]!, (int)edit["to"]!["character"]!));

        var zh = await Ok(await http.PostAsync("/studio/api/check", Json(new { policyId = Id, text })));
        var zhError = zh["diagnostics"]!.Single(d => (string)d["severity"]! == "error");
        Assert.Equal("PL0103", (string)zhError["code"]!);
        Assert.Matches(@"\p{IsCJKUnifiedIdeographs}", (string)zhError["message"]!);

        var clean = await Ok(await http.PostAsync("/studio/api/check", Json(new { policyId = Id, text = Text })));
        Assert.Equal(0, (int)clean["errors"]!);
    }

    [Fact]
    public async Task A_drafts_tests_run_with_expected_against_actual_and_coverage_and_nothing_is_written()
    {
        using var http = factory.CreateClient();
        var before = factory.Policies.Read(TestPolicies.AfterSalesFile);
        var passing = await Ok(await http.PostAsync("/studio/api/test", Json(new { policyId = Id, text = Text, lang = "en" })));
        Assert.Equal((true, 6, 0), ((bool)passing["planned"]!, (int)passing["passed"]!, (int)passing["failed"]!));
        Assert.Equal(("满分员工", 75), ((string)passing["cases"]![0]!["title"]!, (int)passing["cases"]![0]!["line"]!));
        Assert.NotEmpty(passing["coverage"]!);
        Assert.All(passing["coverage"]!, item => Assert.True((int)item["line"]! >= 1));

        var edited = Text.Replace("KPI奖金: 700.00 yuan, 工资: 2700.00 yuan", "KPI奖金: 710.00 yuan, 工资: 2700.00 yuan");
        var failing = await Ok(await http.PostAsync("/studio/api/test", Json(new { policyId = Id, text = edited, lang = "en" })));
        Assert.Equal((5, 1), ((int)failing["passed"]!, (int)failing["failed"]!));
        var failed = failing["cases"]!.Single(c => !(bool)c["passed"]!);
        var mismatch = Assert.Single(failed["mismatches"]!);
        Assert.Equal(("KPI奖金", "710.00 yuan", "700.00 yuan"), ((string)mismatch["output"]!, (string)mismatch["expected"]!, (string)mismatch["actual"]!));

        var broken = await Ok(await http.PostAsync("/studio/api/test", Json(new { policyId = Id, text = "policy 'x' {" })));
        Assert.False((bool)broken["planned"]!);

        Assert.Equal(before, factory.Policies.Read(TestPolicies.AfterSalesFile));
        var served = await Ok(await http.GetAsync($"/studio/api/source?policyId={Uri.EscapeDataString(Id)}"));
        Assert.Equal((before, "READY"), ((string)served["text"]!, (string)served["status"]!));
    }

    [Fact]
    public async Task An_employee_is_tried_on_the_draft_with_its_outcome_explanation_and_statement()
    {
        using var http = factory.CreateClient();
        var schema = await Ok(await http.PostAsync("/studio/api/schema", Json(new { policyId = Id, text = Text })));
        var post = schema["inputs"]!.Single(i => (string)i["name"]! == "岗位");
        Assert.Equal(["普通售后客服", "高级售后客服", "售后组长"], post["enumValues"]!.Select(v => (string)v!));
        var late = schema["inputs"]!.Single(i => (string)i["name"]! == "迟到");
        Assert.Equal(("\"0\"", false), ((string)late["defaultJson"]!, (bool)late["required"]!));
        var refunds = schema["inputs"]!.Single(i => (string)i["name"]! == "退款率");
        Assert.Equal(("0", "1", "number"), ((string)refunds["low"]!, (string)refunds["high"]!, (string)refunds["kind"]!));
        Assert.Equal("满分员工", (string)schema["example"]!["title"]!);

        var draft = Text.Replace("KPI奖金: 700.00 yuan", "KPI奖金: 700.00 yuan"); // the served text, sent as a draft
        var outcome = await Ok(await http.PostAsync("/studio/api/evaluate", Json(new { policyId = Id, text = draft, factsJson = TestPolicies.Facts91, lang = "en" })));
        var outputs = outcome["outputs"]!.ToDictionary(o => (string)o["name"]!, o => (string)o["value"]!);
        Assert.Equal(("91 pts", "true", "700.00 yuan"), (outputs["得分"], outputs["考核合格"], outputs["KPI奖金"]));
        Assert.StartsWith("得分 = 91 pts", (string)outcome["explanation"]!);

        var page = await http.PostAsync("/studio/api/statement", Json(new { policyId = Id, text = draft, factsJson = TestPolicies.Facts91, subjectId = "E001" }));
        Assert.Equal("text/html; charset=utf-8", page.Content.Headers.ContentType?.ToString());
        Assert.Contains("E001", await page.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_employee_tried_is_saved_as_a_test_case_of_the_draft_that_passes_on_it()
    {
        using var http = factory.CreateClient();
        var saved = await Ok(await http.PostAsync("/studio/api/save-test",
            Json(new { policyId = Id, text = Text, factsJson = TestPolicies.Facts91, period = "2026-03", title = "满分员工", lang = "en" })));
        // The title is taken: the case gets the next free one. Inputs in declared order, defaults (旷工 0 …) left out,
        // money with its scale.
        Assert.Equal("满分员工 (2)", (string)saved["title"]!);
        var text = ((string)saved["text"]!).Replace("\r\n", "\n");
        Assert.StartsWith(Text.Replace("\r\n", "\n").TrimEnd() + "\n\n", text);
        Assert.EndsWith("""
            test "满分员工 (2)" {
              period 2026-03
              given { 岗位: 普通售后客服, 素质: 良, 退款率: 6%, 纠纷处理: 良, 配合度: 良, 执行力: 中, 迟到: 1, 低质评价: 1, 客户表扬: 3 }
              expect { 得分: 91 pts, 考核合格: true, KPI奖金: 700.00 yuan, 工资: 2700.00 yuan }
            }

            """.Replace("\r\n", "\n"), text);
        Assert.Equal(text.Split('\n').TakeWhile(l => !l.StartsWith("test \"满分员工 (2)\"", StringComparison.Ordinal)).Count() + 1, (int)saved["line"]!);
        Assert.Empty(saved["skipped"]!);

        // The new draft checks clean and its tests, the new one among them, all pass; the policy file is untouched.
        var tests = await Ok(await http.PostAsync("/studio/api/test", Json(new { policyId = Id, text = (string)saved["text"]! })));
        Assert.Equal((7, 0), ((int)tests["passed"]!, (int)tests["failed"]!));
        Assert.DoesNotContain("满分员工 (2)", Text);
    }

    public static TheoryData<string, string, string> BadRequests => new()
    {
        { "/studio/api/check", "not json", "expected well-formed JSON" },
        { "/studio/api/check", "[1]", "the body must be a JSON object" },
        { "/studio/api/check", """{"policyId": "after-sales/售后客服考核"}""", "text: is required" },
        { "/studio/api/check", """{"policyId": "../etc/passwd", "text": ""}""", "policyId: must be a policy id" },
        { "/studio/api/check", """{"policyId": "a", "text": 5}""", "text: must be a string" },
        { "/studio/api/check", """{"policyId": "a", "text": "", "lang": "fr"}""", "lang: must be \"zh\" or \"en\"" },
        { "/studio/api/hover", """{"policyId": "a", "text": "x", "line": 3, "character": 0}""", "line: the draft has 1 lines" },
        { "/studio/api/hover", """{"policyId": "a", "text": "x", "line": 0, "character": -1}""", "character: must be a whole number" },
        { "/studio/api/evaluate", """{"policyId": "a", "text": "policy 'x' {", "factsJson": "{}"}""", "text: the draft has errors" },
        { "/studio/api/evaluate", """{"policyId": "after-sales/售后客服考核", "text": "TEXT", "factsJson": "{\"岗位\": \"CEO\"}"}""", "the facts do not fit" },
        { "/studio/api/evaluate", """{"policyId": "after-sales/售后客服考核", "text": "TEXT", "factsJson": "{}", "period": "March"}""", "period: must be a period" },
        { "/studio/api/save-test", """{"policyId": "after-sales/售后客服考核", "text": "TEXT", "factsJson": "{\"岗位\": \"CEO\"}"}""", "the facts do not fit" },
        { "/studio/api/save-test", """{"policyId": "after-sales/售后客服考核", "text": "TEXT", "factsJson": "{\"岗位\": \"售后组长\", \"素质\": \"良\", \"退款率\": \"6%\", \"纠纷处理\": \"良\", \"配合度\": \"良\", \"执行力\": \"中\"}", "title": 7}""", "title: must be a string" },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task Bad_input_is_a_400_with_a_small_JSON_error(string path, string body, string error)
    {
        using var http = factory.CreateClient();
        body = body.Replace("\"TEXT\"", Newtonsoft.Json.JsonConvert.ToString(Text));
        var message = await BadRequest(await http.PostAsync(path, new StringContent(body, Encoding.UTF8, "application/json")));
        Assert.Contains(error, message);
    }

    [Fact]
    public async Task Facts_that_do_not_fit_are_listed_with_their_paths()
    {
        using var http = factory.CreateClient();
        var response = await http.PostAsync("/studio/api/evaluate", Json(new { policyId = Id, text = Text, factsJson = """{"岗位": "CEO"}""", lang = "en" }));
        var body = JObject.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(body["facts"]!, f => (string)f["path"]! == "$.岗位" && ((string)f["message"]!).Contains("普通售后客服"));
        Assert.Contains(body["facts"]!, f => (string)f["path"]! == "$.素质");
    }

    [Fact]
    public async Task Hover_and_completion_answer_from_the_language_service()
    {
        using var http = factory.CreateClient();
        var lines = Text.Split('\n');
        var line = Array.FindIndex(lines, l => l.StartsWith("  素质:", StringComparison.Ordinal));
        var hover = await Ok(await http.PostAsync("/studio/api/hover", Json(new { policyId = Id, text = Text, line, character = 3, lang = "en" })));
        Assert.StartsWith("(input) **素质**: `等级`", (string)hover["markdown"]!);
        Assert.Equal((line, 2, 4), ((int)hover["from"]!["line"]!, (int)hover["from"]!["character"]!, (int)hover["to"]!["character"]!));
        var nothing = await Ok(await http.PostAsync("/studio/api/hover", Json(new { policyId = Id, text = Text, line = 6, character = 0 })));
        Assert.Equal(JTokenType.Null, nothing["markdown"]!.Type);

        // After "等级." on a half-typed line (the draft does not parse): the members of the enum the served version declares.
        const string Typed = "output 素质好: bool = 素质 == 等级.";
        var text = Text + "\n" + Typed;
        var completion = await Ok(await http.PostAsync("/studio/api/complete", Json(new { policyId = Id, text, line = text.Split('\n').Length - 1, character = Typed.Length })));
        Assert.Equal(["优", "良", "中", "差"], completion["items"]!.Select(i => (string)i["label"]!));
    }

    [Fact]
    public async Task Format_gives_the_canonical_text()
    {
        using var http = factory.CreateClient();
        var messy = Text.Replace("  迟到:     count = 0", "  迟到:count=0");
        var formatted = await Ok(await http.PostAsync("/studio/api/format", Json(new { policyId = Id, text = messy })));
        Assert.Equal((true, Text), ((bool)formatted["changed"]!, (string)formatted["text"]!));
    }

    [Fact]
    public async Task With_a_token_configured_every_API_call_needs_it_and_the_page_holds_no_policy_data()
    {
        const string Token = "studio-test-token-8c1f";
        await using var host = factory.WithWebHostBuilder(b => b.UseSetting("Security:Token", Token));
        using var http = host.CreateClient();
        var page = await http.GetAsync("/studio/");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.DoesNotContain("售后", await page.Content.ReadAsStringAsync());

        var without = await http.PostAsync("/studio/api/check", Json(new { policyId = Id, text = Text }));
        Assert.Equal(HttpStatusCode.Unauthorized, without.StatusCode);
        Assert.Contains("missing bearer token", (string)JObject.Parse(await without.Content.ReadAsStringAsync())["error"]!);
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync($"/studio/api/source?policyId={Uri.EscapeDataString(Id)}")).StatusCode);

        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "wrong");
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.PostAsync("/studio/api/check", Json(new { policyId = Id, text = Text }))).StatusCode);
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", Token);
        await Ok(await http.PostAsync("/studio/api/check", Json(new { policyId = Id, text = Text })));
    }
}
