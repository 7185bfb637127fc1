using System.Globalization;
using Appraisal.Impact.Reports;
using Appraisal.Policy.Diagnostics;
using Appraisal.Service.Tests;
using Microsoft.Playwright;
using Shouldly;

namespace Appraisal.Impact.Tests;

/// <summary>
/// The HTML report of the 10,000-subject comparison opened in real headless Chromium: it fetches nothing, shows the
/// summary's numbers, draws both histograms, and sorts the changed subjects by the pay delta when that header is clicked.
/// </summary>
[Collection(ChromiumCollection.Name)]
public sealed class DiffHtmlBrowserTests(HeadlessChromium chromium, AfterSalesDiff diff) : IClassFixture<AfterSalesDiff>
{
    private async Task<(IPage Page, List<string> Requests)> OpenAsync(Language language)
    {
        var path = Path.Combine(diff.Folder, $"report.{language}.html");
        await using (var writer = new StreamWriter(path)) DiffHtml.Write(writer, diff.Report, language);
        var page = await chromium.Browser.NewPageAsync();
        var requests = new List<string>();
        page.Request += (_, request) => requests.Add(request.Url);
        await page.GotoAsync(new Uri(path).AbsoluteUri);
        return (page, requests);
    }

    [Fact]
    public async Task The_report_is_self_contained_and_shows_the_summary()
    {
        var (page, requests) = await OpenAsync(Language.Zh);
        requests.ShouldAllBe(url => url.StartsWith("file:", StringComparison.Ordinal), "nothing is fetched but the page itself");
        var summary = diff.Report.Summary;
        (await page.InnerTextAsync("[data-summary='subjects'] .value")).ShouldBe("10000");
        (await page.InnerTextAsync("[data-summary='changed'] .value")).ShouldBe(summary.Changed.ToString(CultureInfo.InvariantCulture));
        (await page.InnerTextAsync("[data-summary='unchanged'] .value")).ShouldBe(summary.Unchanged.ToString(CultureInfo.InvariantCulture));
        var pay = summary.Outputs.Single(o => o.Output.Name == "工资");
        (await page.InnerTextAsync("[data-summary='total:工资'] .value")).ShouldBe("+" + pay.TotalDelta!.Value.ToString(CultureInfo.InvariantCulture));
        (await page.InnerTextAsync("[data-summary='mean:工资'] .value")).ShouldBe("+" + pay.MeanDelta!.Value.ToString(CultureInfo.InvariantCulture));
        (await page.InnerTextAsync("h1")).ShouldBe("政策变更影响：售后客服考核");
        (await page.Locator("figure.histogram svg").CountAsync()).ShouldBe(2);
        (await page.Locator("#subjects tbody tr").CountAsync()).ShouldBe(summary.Changed);
        var drawn = await page.EvalOnSelectorAllAsync<int[]>("figure.histogram[data-output='工资'] rect.old[data-count]", "rs => rs.map(r => +r.dataset.count)");
        drawn.Sum().ShouldBe(10000);
    }

    [Fact]
    public async Task Clicking_the_pay_delta_header_sorts_by_it_and_clicking_again_reverses()
    {
        var (page, _) = await OpenAsync(Language.En);
        var header = page.Locator("#subjects thead th", new() { HasTextString = "Δ 工资" });
        var column = await header.EvaluateAsync<int>("th => th.cellIndex");
        async Task<decimal[]> Deltas() => (await page.EvalOnSelectorAllAsync<string[]>("#subjects tbody tr",
            $"rows => rows.map(r => r.cells[{column}].getAttribute('data-value'))")).Select(v => decimal.Parse(v, CultureInfo.InvariantCulture)).ToArray();

        await header.ClickAsync();
        (await header.GetAttributeAsync("aria-sort")).ShouldBe("ascending");
        var ascending = await Deltas();
        ascending.ShouldBeInOrder(SortDirection.Ascending);
        ascending[0].ShouldBe(diff.Report.Summary.Outputs.Single(o => o.Output.Name == "工资").MinDelta!.Value);

        await header.ClickAsync();
        (await header.GetAttributeAsync("aria-sort")).ShouldBe("descending");
        var descending = await Deltas();
        descending.ShouldBeInOrder(SortDirection.Descending);
        descending[0].ShouldBe(diff.Report.Summary.Outputs.Single(o => o.Output.Name == "工资").MaxDelta!.Value);
        (await page.InnerTextAsync("#subjects tbody tr:first-child td:first-child"))
            .ShouldBe(diff.Report.Summary.Outputs.Single(o => o.Output.Name == "工资").Largest[0].Subject);
    }
}
