using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using Appraisal.Engine;
using Appraisal.Engine.Evaluation;
using Appraisal.Engine.Facts;
using Appraisal.Engine.Planning;
using Appraisal.Engine.Testing;
using Appraisal.Engine.Values;
using Appraisal.Policy.Syntax;
using Microsoft.Playwright;
using Newtonsoft.Json.Linq;
using Xunit.Abstractions;

namespace Appraisal.Service.Tests;

/// <summary>
/// Statements from the REST face opened in real headless Chromium: for several of policies/ (each with the facts of
/// its own first test case), the rendered page's title, item bars (their aria values and drawn widths), output numbers,
/// gates and citations are checked against the engine's own evaluation, the page is printed to an A4 PDF and must not
/// be wider than A4 when printed, and a screenshot is kept under the test's output (bin/…/statements/*.png) for review.
/// </summary>
[Collection(ChromiumCollection.Name)]
public sealed class StatementBrowserTests(HeadlessChromium chromium, ServiceFactory factory, ITestOutputHelper output) : IClassFixture<ServiceFactory>
{
    /// <summary>A4 at 96 dpi: 210 mm.</summary>
    private const int A4Width = 794;

    /// <summary>Policies with the test case whose facts are used ("": the first with one member and no history).</summary>
    public static TheoryData<string, string> Policies => new()
    {
        { "after-sales/售后客服考核", "差评、退款率 9.5% 与两次投诉" }, // deductions and additions, a failed gate, table rows
        { "pay-conversion/绩效得分与系数", "" }, // weighted items, money
        { "service-targets/售后服务管理考核", "目标全部达成，但伪造用户签字：一票否决" }, // a veto that fired, gates
        { "household/家政服务员等级", "" }, // levels
    };

    private static string Screenshots => Path.Combine(AppContext.BaseDirectory, "statements");

    private static string PolicyPath(string id) => string.Join('/', id.Split('/').Select(Uri.EscapeDataString));

    /// <summary>The policy's first single-member test case: its facts as JSON, its period, and the engine's outcome.</summary>
    private static (PolicyPlan Plan, string Facts, string Period, Outcome Expected, string Title) Case(string id, string title = "")
    {
        var loaded = PolicyPipeline.LoadFile(Path.Combine(RepositoryPaths.Policies, id + ".policy"));
        var plan = loaded.Plan ?? throw new InvalidOperationException($"{id} does not load");
        var test = PolicyTestRunner.Tests(plan)
            .First(t => title.Length > 0 ? t.Title == title : t.Clauses.OfType<TestGiven>().Count() == 1 && !t.Clauses.OfType<TestHistory>().Any());
        var (members, period) = PolicyTestRunner.Givens(plan, test);
        var expected = Evaluator.Evaluate(plan, members[0], new EvaluationOptions { Explain = true, Period = period });
        return (plan, CanonicalFacts.Write(plan.Inputs, members[0]), period?.ToString() ?? "", expected, test.Title);
    }

    private static async Task<string> Html(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{response.StatusCode}: {body}");
        Assert.Equal("text/html; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        return body;
    }

    [Theory]
    [MemberData(nameof(Policies))]
    public async Task A_statement_renders_in_Chromium_with_its_bars_numbers_and_citations(string id, string testCase)
    {
        var clock = Stopwatch.StartNew();
        var (plan, facts, period, expected, title) = Case(id, testCase);
        var subject = "S-" + Math.Abs(id.GetHashCode(StringComparison.Ordinal) % 1000).ToString(CultureInfo.InvariantCulture);
        var body = new JObject { ["factsJson"] = facts, ["subjectId"] = subject };
        if (period.Length > 0) body["period"] = period;
        using var http = factory.CreateClient();
        var html = await Html(await http.PostAsync($"/v1/policies/{PolicyPath(id)}:statement",
            new StringContent(body.ToString(), Encoding.UTF8, "application/json")));

        await using var context = await chromium.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = A4Width, Height = 1123 } });
        var page = await context.NewPageAsync();
        await page.SetContentAsync(html);

        Assert.Equal(string.Join(" · ", new[] { plan.Name, subject, period }.Where(p => p.Length > 0)), await page.TitleAsync());
        Assert.Equal("zh-CN", await page.GetAttributeAsync("html", "lang"));
        Assert.Equal(plan.Name, await page.InnerTextAsync("h1.policy"));
        Assert.Equal(subject, await page.InnerTextAsync(".facts .subject dd"));

        // Every output, its number as the engine computed it, with its unit.
        foreach (var o in expected.Outputs)
        {
            var shown = page.Locator($".output[data-output=\"{o.Name}\"] .value");
            Assert.Equal(1, await shown.CountAsync());
            if (o.Value.Kind == ValueKind.Number)
                Assert.Equal(ValueFormat.Format(o.Value, o.Type, chinese: true), (await shown.InnerTextAsync()).Trim());
        }

        // Every scorecard item with a maximum is a bar: its aria values, and the share of it that is drawn.
        var scorecards = expected.Explanation!.AllDerivations().SelectMany(d => d.Details.OfType<ScorecardDetail>()).ToList();
        foreach (var item in scorecards.SelectMany(s => s.Entries).Where(e => e.Plan.Entry.Kind == EntryKind.Item && e.Plan.Max is not null))
        {
            var bar = page.Locator($"li.item[data-item=\"{item.Plan.Entry.Name.Text}\"] [role=meter]");
            Assert.Equal(Plain(item.Final), await bar.GetAttributeAsync("aria-valuenow"));
            Assert.Equal(Plain(item.Plan.Max!.Value), await bar.GetAttributeAsync("aria-valuemax"));
            var drawn = await bar.EvaluateAsync<double>("b => b.firstElementChild.getBoundingClientRect().width / b.getBoundingClientRect().width");
            Assert.InRange(drawn, (double)(item.Final / item.Plan.Max.Value) - 0.02, (double)(item.Final / item.Plan.Max.Value) + 0.02);
        }
        foreach (var deduction in scorecards.SelectMany(s => s.Entries).Where(e => e.Plan.Entry.Kind == EntryKind.Deduct))
        {
            var amount = await page.InnerTextAsync($".deductions li[data-entry=\"{deduction.Plan.Entry.Name.Text}\"] .amount");
            Assert.Equal(deduction.Final == 0 ? "未扣分" : $"扣 {Plain(deduction.Final)} 分", amount.Trim());
        }

        foreach (var addition in scorecards.SelectMany(s => s.Entries).Where(e => e.Plan.Entry.Kind == EntryKind.Add))
        {
            var amount = await page.InnerTextAsync($".additions li[data-entry=\"{addition.Plan.Entry.Name.Text}\"] .amount");
            Assert.Equal(addition.Final == 0 ? "未加分" : $"加 {Plain(addition.Final)} 分", amount.Trim());
        }

        // Gates and vetoes with their verdicts; one that did not pass gives the policy's reason.
        foreach (var gate in expected.Explanation.AllDerivations().Where(d => d.Details.OfType<GateDetail>().Any()))
        {
            var passed = gate.Details.OfType<GateDetail>().Single().Passed;
            var shown = page.Locator($".gate[data-gate=\"{gate.Rule.Name}\"]");
            Assert.Equal(passed ? "true" : "false", await shown.GetAttributeAsync("data-passed"));
            Assert.Equal(passed ? "通过" : "未通过", (await shown.Locator(".verdict").InnerTextAsync()).Trim());
            if (!passed && ((GateDecl)gate.Rule.Declaration).Otherwise is { } reason)
                Assert.Equal(reason, (await shown.Locator(".reason").InnerTextAsync()).Trim());
        }
        foreach (var veto in expected.Explanation.AllDerivations().Where(d => d.Details.OfType<VetoDetail>().Any()))
        {
            var fired = veto.Details.OfType<VetoDetail>().Single().Fired;
            var shown = page.Locator($".gate[data-gate=\"{veto.Rule.Name}\"][data-veto=true]");
            Assert.Equal(fired ? "false" : "true", await shown.GetAttributeAsync("data-passed"));
            Assert.Equal(fired ? "一票否决" : "未否决", (await shown.Locator(".verdict").InnerTextAsync()).Trim());
            if (fired && ((VetoRule)veto.Rule).Message is { } message) Assert.Equal(message, (await shown.Locator(".reason").InnerTextAsync()).Trim());
        }
        foreach (var levels in expected.Explanation.AllDerivations().Where(d => d.Details.OfType<LevelsDetail>().Any()))
            Assert.Equal(levels.Value.ToString(), await page.GetAttributeAsync($".level-rule[data-levels=\"{levels.Rule.Name}\"]", "data-result"));

        // The policy's citations, each once, in order.
        var citations = await page.Locator(".citation blockquote").AllInnerTextsAsync();
        Assert.Equal(plan.Citations.Select(c => c.Text), citations.Select(c => c.Trim()));
        Assert.NotEmpty(citations);
        Assert.True(await page.Locator(".arithmetic li").CountAsync() > 0);

        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots, Slug(id) + ".png"), FullPage = true });

        // Printed: nothing wider than A4, and Chromium makes an A4 PDF of it.
        await page.EmulateMediaAsync(new PageEmulateMediaOptions { Media = Media.Print });
        var width = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
        Assert.True(width <= A4Width, $"printed, the page is {width}px wide (A4 is {A4Width}px)");
        var pdf = await page.PdfAsync(new PagePdfOptions { Format = "A4", PrintBackground = true, PreferCSSPageSize = true });
        Assert.Equal("%PDF", Encoding.ASCII.GetString(pdf, 0, 4));
        await File.WriteAllBytesAsync(Path.Combine(Screenshots, Slug(id) + ".pdf"), pdf);
        output.WriteLine($"{id} ({title}): {html.Length} characters, checked in {clock.ElapsedMilliseconds} ms (browser started in {chromium.StartTime.TotalMilliseconds:0} ms)");
    }

    [Fact]
    public async Task A_recorded_statement_renders_from_the_ledger_in_English_on_request()
    {
        const string id = "pay-conversion/绩效得分与系数";
        var (_, facts, period, expected, _) = Case(id);
        var requestId = "statement-" + Guid.NewGuid().ToString("N");
        using var http = factory.CreateClient();
        var body = new JObject { ["factsJson"] = facts, ["subjectId"] = "E007", ["period"] = period, ["record"] = true, ["requestId"] = requestId };
        var live = await Html(await http.PostAsync($"/v1/policies/{PolicyPath(id)}:statement", new StringContent(body.ToString(), Encoding.UTF8, "application/json")));
        var recorded = await Html(await http.GetAsync($"/v1/records/{Uri.EscapeDataString(requestId)}:statement?language=LANGUAGE_EN"));

        await using var context = await chromium.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.SetContentAsync(recorded);
        Assert.Equal("en", await page.GetAttributeAsync("html", "lang"));
        Assert.Equal(requestId, (await page.InnerTextAsync(".facts .request dd")).Trim());
        Assert.Equal("E007", (await page.InnerTextAsync(".facts .subject dd")).Trim());
        Assert.Equal("900.00 yuan", (await page.InnerTextAsync(".output[data-output=\"绩效奖\"] .value")).Trim());
        var item = expected.Explanation!.AllDerivations().SelectMany(d => d.Details.OfType<ScorecardDetail>()).Single().Entries[0];
        var bar = page.Locator($"li.item[data-item=\"{item.Plan.Entry.Name.Text}\"] [role=meter]");
        Assert.Equal(Plain(item.Final), await bar.GetAttributeAsync("aria-valuenow"));
        Assert.Equal(Plain(item.Plan.Max!.Value), await bar.GetAttributeAsync("aria-valuemax"));
        Assert.True(await page.Locator(".citation").CountAsync() > 0);
        // The derivation was recorded in Chinese (the statement's language when it was made): shown as kept, and said so.
        Assert.Contains("recorded in (Chinese)", recorded);
        Assert.Contains("绩效得分 = 90 分", live);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots, "recorded-" + Slug(id) + ".png"), FullPage = true });
    }

    private static string Slug(string id) => id.Replace('/', '-');

    private static string Plain(decimal number) => ValueFormat.Plain(ValueFormat.Trim(number));
}
