using System.Diagnostics;
using System.Globalization;
using System.Net;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Appraisal.Service.Tests;

/// <summary>
/// The service as a real process on a loopback port, with its REST face, a private copy of policies/ and a ledger of
/// its own: what the studio's browser tests open.
/// </summary>
public sealed class StudioServer : IAsyncLifetime
{
    public TestPolicies Policies { get; } = new();
    private ServiceProcess? _service;

    public int RestPort { get; } = ServiceProcess.FreePort();
    public string Url => $"http://127.0.0.1:{RestPort}/studio/";

    /// <summary>The token a second instance (<see cref="StartWithTokenAsync"/>) requires.</summary>
    public const string Token = "studio-browser-token-3e9a";

    public Task<ServiceProcess> StartWithTokenAsync(int restPort) => ServiceProcess.StartAsync(Settings(restPort, Policies.Directory + "-data-token", Token));

    private Dictionary<string, string> Settings(int restPort, string data, string? token = null)
    {
        var settings = new Dictionary<string, string>
        {
            ["Service:RestPort"] = restPort.ToString(CultureInfo.InvariantCulture),
            ["Policies:Directory"] = Policies.Directory,
            ["Ledger:DataDirectory"] = data,
        };
        if (token is not null) settings["Security:Token"] = token;
        return settings;
    }

    public async Task InitializeAsync() => _service = await ServiceProcess.StartAsync(Settings(RestPort, Policies.Directory + "-data"));

    public async Task DisposeAsync()
    {
        if (_service is not null) await _service.DisposeAsync();
        foreach (var data in new[] { Policies.Directory + "-data", Policies.Directory + "-data-token" })
            if (Directory.Exists(data)) Directory.Delete(data, recursive: true);
        Policies.Dispose();
    }
}

/// <summary>
/// The policy studio in real headless Chromium against the real service: open a policy, type a mistake and see its
/// diagnostic, fix it, run the tests, try an employee with the form and read the outcome and its explanation, upload a
/// team CSV and read the diff summary, publish; with a token configured the page asks for it and a call without it
/// fails. A screenshot of every step is kept under the test output (bin/…/studio/NN-step.png) for review. Also the page's
/// weight (first load ≤ 1 MB transferred, from the browser's own network accounting) and how soon a diagnostic shows
/// after typing in the largest policy of policies/ (≤ 300 ms).
/// </summary>
[Collection(ChromiumCollection.Name)]
public sealed class StudioBrowserTests(HeadlessChromium chromium, StudioServer server, ITestOutputHelper output) : IClassFixture<StudioServer>
{
    private static string Screenshots => Path.Combine(AppContext.BaseDirectory, "studio");

    private async Task<IPage> OpenAsync(IBrowserContext context)
    {
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(15_000);
        await page.GotoAsync(server.Url);
        await page.Locator(".policy-open").First.WaitForAsync();
        return page;
    }

    private static async Task ShotAsync(IPage page, string name)
    {
        Directory.CreateDirectory(Screenshots);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots, name + ".png"), FullPage = true });
    }

    private static ILocator Line(IPage page, string text) => page.Locator(".cm-line", new PageLocatorOptions { HasText = text }).First;

    private static async Task OpenPolicyAsync(IPage page, string id)
    {
        await page.Locator($".policy-open[data-policy='{id}']").ClickAsync();
        await Assertions.Expect(page.Locator("#policy-title")).ToHaveTextAsync(id);
        await Assertions.Expect(page.Locator("#problems-summary")).ToBeVisibleAsync();
    }

    /// <summary>Puts the cursor at the end of the first line holding <paramref name="text"/> and types <paramref name="typed"/>.</summary>
    private static async Task TypeAtEndOfAsync(IPage page, string text, string typed)
    {
        await Line(page, text).ClickAsync();
        await page.Keyboard.PressAsync("End");
        await page.Keyboard.TypeAsync(typed, new KeyboardTypeOptions { Delay = 30 });
    }

    [Fact]
    public async Task An_author_edits_tests_tries_an_employee_sees_the_impact_and_publishes()
    {
        await using var context = await chromium.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1360, Height = 1000 } });
        var page = await OpenAsync(context);
        await Assertions.Expect(page.Locator(".policy-open[data-policy='after-sales/售后客服考核'] .status")).ToHaveTextAsync("READY");
        await ShotAsync(page, "01-policies");

        // Open a policy: highlighted, checked clean.
        await OpenPolicyAsync(page, TestPolicies.AfterSales);
        await Assertions.Expect(page.Locator("#problems-summary")).ToHaveTextAsync("没有问题");
        Assert.True(await page.Locator(".cm-content span[class]").CountAsync() > 0, "the policy text is highlighted");
        Assert.False(await page.Locator("#publish-button").IsEnabledAsync());

        // Type a mistake: its diagnostic appears as a squiggle and in the problems list, in Chinese.
        await TypeAtEndOfAsync(page, "迟到:     count = 0", " 多余");
        await Assertions.Expect(page.Locator(".cm-lintRange-error")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("#problems-summary")).ToHaveTextAsync("1 个错误，0 个警告");
        // The parser meets the next line's name where it expects the end of the field: line 20, column 3.
        await Assertions.Expect(page.Locator(".problem.error")).ToContainTextAsync("20:3 PL0001 此处不应出现 名称 '请假'");
        await ShotAsync(page, "02-mistake");

        // Fix it.
        for (var i = 0; i < 3; i++) await page.Keyboard.PressAsync("Backspace");
        await Assertions.Expect(page.Locator("#problems-summary")).ToHaveTextAsync("没有问题");
        await Assertions.Expect(page.Locator(".cm-lintRange-error")).ToHaveCountAsync(0);
        await ShotAsync(page, "03-fixed");

        // Run the tests: every case passes; the coverage summary is shown.
        await page.Locator(".tab[data-tab='tests']").ClickAsync();
        await page.Locator("#run-tests").ClickAsync();
        await Assertions.Expect(page.Locator("#tests-summary")).ToHaveTextAsync("6 个通过，0 个失败");
        await Assertions.Expect(page.Locator(".case.pass")).ToHaveCountAsync(6);
        await Assertions.Expect(page.Locator("#coverage-summary")).ToContainTextAsync("覆盖");
        await ShotAsync(page, "04-tests");

        // Try an employee: the form from the input schema, the outcome and its explanation, the statement page.
        await page.Locator(".tab[data-tab='try']").ClickAsync();
        await page.Locator("#facts-form").WaitForAsync();
        Assert.Equal(["", "普通售后客服", "高级售后客服", "售后组长"], await page.Locator("select#fact-岗位 option").EvaluateAllAsync<string[]>("os => os.map(o => o.value)"));
        await page.Locator("#fact-岗位").SelectOptionAsync("普通售后客服");
        foreach (var (name, grade) in new[] { ("素质", "良"), ("纠纷处理", "良"), ("配合度", "良"), ("执行力", "中") })
            await page.Locator($"#fact-{name}").SelectOptionAsync(grade);
        await page.Locator("#fact-退款率").FillAsync("6%");
        await page.Locator("#fact-迟到").FillAsync("1");
        await page.Locator("#fact-客户表扬").FillAsync("3");
        await page.Locator("#fact-低质评价").FillAsync("1");
        await page.Locator("#fact-period").FillAsync("2026-03");
        await page.Locator("#evaluate").ClickAsync();
        await Assertions.Expect(page.Locator("#outputs tr[data-output='得分'] td")).ToHaveTextAsync("91 分");
        await Assertions.Expect(page.Locator("#outputs tr[data-output='KPI奖金'] td")).ToHaveTextAsync("700.00 元");
        await Assertions.Expect(page.Locator("#outputs tr[data-output='工资'] td")).ToHaveTextAsync("2700.00 元");
        Assert.StartsWith("得分 = 91 分", await page.Locator("#explanation").TextContentAsync());
        await page.Locator("#statement-button").ClickAsync();
        var statement = page.FrameLocator("#statement-frame");
        await Assertions.Expect(statement.Locator("body")).ToContainTextAsync("售后客服考核");
        await ShotAsync(page, "05-try-an-employee");
        await page.Locator("#editor").ScrollIntoViewIfNeededAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots, "readme.png") }); // docs/studio.png

        // Keep the employee tried as a test case: it joins the draft (nothing is written elsewhere) and passes with the rest.
        await page.Locator("#case-title").FillAsync("试算：恰好 91 分");
        await page.Locator("#save-test-button").ClickAsync();
        await Assertions.Expect(page.Locator("#save-test-result")).ToContainTextAsync("已把「试算：恰好 91 分」加入草稿");
        await Assertions.Expect(Line(page, "test \"试算：恰好 91 分\"")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#draft-state")).ToHaveTextAsync("草稿（未发布）");
        await page.Locator(".tab[data-tab='tests']").ClickAsync();
        await page.Locator("#run-tests").ClickAsync();
        await Assertions.Expect(page.Locator("#tests-summary")).ToHaveTextAsync("7 个通过，0 个失败");
        await ShotAsync(page, "05b-saved-as-a-test-case");
        Assert.DoesNotContain("试算：恰好 91 分", server.Policies.Read(TestPolicies.AfterSalesFile));

        // Impact: a draft that raises the KPI bonus, over a team file; the diff summary and the per-employee table.
        await Line(page, "param KPI总奖金").ClickAsync();
        await page.Keyboard.PressAsync("End");
        for (var i = 0; i < "1000 yuan".Length; i++) await page.Keyboard.PressAsync("Backspace");
        await page.Keyboard.TypeAsync("1200 yuan");
        var team = Path.Combine(Path.GetTempPath(), $"studio-team-{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(team, """
            工号,岗位,素质,退款率,纠纷处理,配合度,执行力,迟到,客户表扬,低质评价
            E001,普通售后客服,良,6%,良,良,中,1,3,1
            E002,高级售后客服,优,3%,优,优,优,0,0,0
            E003,售后组长,良,6%,良,良,中,1,0,0
            """.Replace("\r\n", "\n") + "\n");
        try
        {
            await page.Locator(".tab[data-tab='impact']").ClickAsync();
            await page.Locator("#team-file").SetInputFilesAsync(team);
            await page.Locator("#diff-period").FillAsync("2026-03");
            await page.Locator("#diff").ClickAsync();
            // E003 scores 90, under the line: no bonus either way. E001 and E002 get more.
            await Assertions.Expect(page.Locator("#diff-summary")).ToHaveTextAsync("比较了 3 人，其中 2 人有变化");
            await Assertions.Expect(page.Locator("#diff-table tr", new PageLocatorOptions { HasText = "E002" }).First).ToContainTextAsync("1200.00");
            await ShotAsync(page, "06-impact");
        }
        finally
        {
            File.Delete(team);
        }

        // Publish: only once the draft checks clean and its tests pass.
        await page.Locator("#revert").ClickAsync();
        await TypeAtEndOfAsync(page, "version 2026.1", "1");
        await Assertions.Expect(page.Locator("#problems-summary")).ToHaveTextAsync("没有问题");
        await page.Locator(".tab[data-tab='publish']").ClickAsync();
        Assert.False(await page.Locator("#publish-button").IsEnabledAsync()); // its tests have not run on this text
        await page.Locator(".tab[data-tab='tests']").ClickAsync();
        await page.Locator("#run-tests").ClickAsync();
        await Assertions.Expect(page.Locator("#tests-summary")).ToHaveTextAsync("6 个通过，0 个失败");
        await page.Locator(".tab[data-tab='publish']").ClickAsync();
        await page.Locator("#effective-from").FillAsync("2026-04-01");
        await page.Locator("#publish-message").FillAsync("版本 2026.11：工作室发布");
        await Assertions.Expect(page.Locator("#publish-button")).ToBeEnabledAsync();
        await page.Locator("#publish-button").ClickAsync();
        await Assertions.Expect(page.Locator("#publish-result")).ToContainTextAsync("已发布：第 1 号发布");
        await Assertions.Expect(page.Locator("#publish-result")).ToContainTextAsync("自 2026-04-01 起生效");
        await Assertions.Expect(page.Locator(".policy.open .publications summary")).ToHaveTextAsync("发布记录 (1)");
        await ShotAsync(page, "07-published");

        // The draft never reached the policy directory.
        Assert.Contains("version 2026.1\n", server.Policies.Read(TestPolicies.AfterSalesFile).Replace("\r\n", "\n"));
    }

    /// <summary>The centre of the first character of <paramref name="word"/> on screen, in the editor line holding <paramref name="line"/>.</summary>
    private static async Task<(float X, float Y)> WordAsync(IPage page, string line, string word)
    {
        await Line(page, line).ScrollIntoViewIfNeededAsync();
        var at = await page.EvaluateAsync<float[]>("""
            ([text, word]) => {
              const line = [...document.querySelectorAll('.cm-line')].find(l => l.textContent.includes(text));
              const walker = document.createTreeWalker(line, NodeFilter.SHOW_TEXT);
              for (let n = walker.nextNode(); n; n = walker.nextNode()) {
                const i = n.textContent.indexOf(word);
                if (i < 0) continue;
                const range = document.createRange(); range.setStart(n, i); range.setEnd(n, i + 1);
                const box = range.getBoundingClientRect();
                return [box.x + box.width / 2, box.y + box.height / 2];
              }
              return null;
            }
            """, new[] { line, word });
        return (at[0], at[1]);
    }

    [Fact]
    public async Task The_language_switch_quick_fixes_hover_completion_and_the_format_button_answer_clicks()
    {
        await using var context = await chromium.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1360, Height = 1000 } });
        var page = await OpenAsync(context);

        // The switch: the page's words, the problems and the diagnostics the service sends come in English.
        await page.Locator("#language").ClickAsync();
        await Assertions.Expect(page.Locator("#language")).ToHaveTextAsync("中文");
        await OpenPolicyAsync(page, TestPolicies.AfterSales);
        await Assertions.Expect(page.Locator("#problems-summary")).ToHaveTextAsync("No problems");
        await Assertions.Expect(page.Locator(".tab[data-tab='try']")).ToHaveTextAsync("Try an employee");
        await TypeAtEndOfAsync(page, "迟到:     count = 0", " 多余");
        await Assertions.Expect(page.Locator(".problem.error")).ToContainTextAsync("PL0001");
        await Assertions.Expect(page.Locator("#problems-summary")).ToHaveTextAsync("1 errors, 0 warnings");
        for (var i = 0; i < 3; i++) await page.Keyboard.PressAsync("Backspace");
        await Assertions.Expect(page.Locator("#problems-summary")).ToHaveTextAsync("No problems");

        // A misspelt type: the quick fix in the problems list puts the suggestion in its place.
        await Line(page, "迟到:     count = 0").ClickAsync();
        await page.Keyboard.PressAsync("End");
        for (var i = 0; i < "count = 0".Length; i++) await page.Keyboard.PressAsync("Backspace");
        await page.Keyboard.TypeAsync("cuont = 0", new KeyboardTypeOptions { Delay = 30 });
        await Assertions.Expect(page.Locator(".problem.error")).ToContainTextAsync("PL0103 unknown type 'cuont'");
        await ShotAsync(page, "09a-quick-fix");
        await page.Locator(".problem.error .fix").ClickAsync();
        await Assertions.Expect(Line(page, "迟到:     count = 0")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#problems-summary")).ToHaveTextAsync("No problems");
        await Assertions.Expect(page.Locator("#draft-state")).ToHaveTextAsync("Same as the served version");

        // Hover over a parameter's name: its kind, type and value from the language service.
        var (x, y) = await WordAsync(page, "param KPI总奖金", "KPI总奖金");
        await page.Mouse.MoveAsync(x, y);
        await Assertions.Expect(page.Locator(".cm-tooltip-hover")).ToContainTextAsync("KPI总奖金");
        await Assertions.Expect(page.Locator(".cm-tooltip-hover")).ToContainTextAsync("1000");
        await ShotAsync(page, "09-hover-in-english");

        // Completion on a new line at the end: the constructs' snippets and keywords.
        await Line(page, "version 2026.1").ClickAsync();
        await page.Keyboard.PressAsync("Control+End");
        await page.Keyboard.PressAsync("Enter");
        await page.Keyboard.PressAsync("Control+Space");
        await Assertions.Expect(page.Locator(".cm-tooltip-autocomplete")).ToContainTextAsync("table");
        await ShotAsync(page, "10-completion");
        await page.Keyboard.PressAsync("Escape");
        await page.Keyboard.PressAsync("Backspace");
        await Assertions.Expect(page.Locator("#draft-state")).ToHaveTextAsync("Same as the served version");

        // Format: a line spaced by hand is put back in the canonical layout, and the draft is the served text again.
        await TypeAtEndOfAsync(page, "version 2026.1", "   ");
        await Assertions.Expect(page.Locator("#draft-state")).ToHaveTextAsync("Draft (not published)");
        await page.Locator("#format").ClickAsync();
        await Assertions.Expect(page.Locator("#draft-state")).ToHaveTextAsync("Same as the served version");

        // And back to Chinese.
        await page.Locator("#language").ClickAsync();
        await Assertions.Expect(page.Locator("#language")).ToHaveTextAsync("English");
        await Assertions.Expect(page.Locator("#problems-summary")).ToHaveTextAsync("没有问题");
    }

    /// <summary>A team workbook as Excel keeps one: a sheet of text cells (inline strings) and number cells.</summary>
    private static void WriteWorkbook(string path, IReadOnlyList<object[]> rows)
    {
        using var document = DocumentFormat.OpenXml.Packaging.SpreadsheetDocument.Create(path, DocumentFormat.OpenXml.SpreadsheetDocumentType.Workbook);
        var workbook = document.AddWorkbookPart();
        workbook.Workbook = new DocumentFormat.OpenXml.Spreadsheet.Workbook();
        var sheetPart = workbook.AddNewPart<DocumentFormat.OpenXml.Packaging.WorksheetPart>();
        var data = new DocumentFormat.OpenXml.Spreadsheet.SheetData();
        foreach (var cells in rows)
        {
            var row = new DocumentFormat.OpenXml.Spreadsheet.Row();
            foreach (var value in cells)
            {
                row.AppendChild(value is string text
                    ? new DocumentFormat.OpenXml.Spreadsheet.Cell
                    {
                        DataType = DocumentFormat.OpenXml.Spreadsheet.CellValues.InlineString,
                        InlineString = new DocumentFormat.OpenXml.Spreadsheet.InlineString(new DocumentFormat.OpenXml.Spreadsheet.Text(text)),
                    }
                    : new DocumentFormat.OpenXml.Spreadsheet.Cell { CellValue = new DocumentFormat.OpenXml.Spreadsheet.CellValue(Convert.ToString(value, CultureInfo.InvariantCulture)!) });
            }
            data.AppendChild(row);
        }
        sheetPart.Worksheet = new DocumentFormat.OpenXml.Spreadsheet.Worksheet(data);
        workbook.Workbook.AppendChild(new DocumentFormat.OpenXml.Spreadsheet.Sheets(new DocumentFormat.OpenXml.Spreadsheet.Sheet
        {
            Id = workbook.GetIdOfPart(sheetPart), SheetId = 1, Name = "售后团队",
        }));
        workbook.Workbook.Save();
    }

    [Fact]
    public async Task Items_no_test_reaches_are_marked_in_the_gutter_and_an_xlsx_team_file_is_compared()
    {
        await using var context = await chromium.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1360, Height = 1000 } });
        var page = await OpenAsync(context);
        await OpenPolicyAsync(page, TestPolicies.AfterSales);
        await page.Locator(".tab[data-tab='tests']").ClickAsync();
        await page.Locator("#run-tests").ClickAsync();
        await Assertions.Expect(page.Locator("#tests-summary")).ToHaveTextAsync("6 个通过，0 个失败");
        await Assertions.Expect(page.Locator(".cm-coverage-missed")).ToHaveCountAsync(0);

        // Remove the last case (a refund rate over 10%): the table row for it is then reached by no test, and says so.
        await Line(page, "test \"退款率超过 10% 不得分\"").ClickAsync();
        await page.Keyboard.PressAsync("Home");
        await page.Keyboard.PressAsync("Shift+Control+End");
        await page.Keyboard.PressAsync("Delete");
        await page.Locator("#run-tests").ClickAsync();
        await Assertions.Expect(page.Locator("#tests-summary")).ToHaveTextAsync("5 个通过，0 个失败");
        var missed = page.Locator("ul.missed li", new PageLocatorOptions { HasText = "退款率分" });
        await Assertions.Expect(missed).ToHaveCountAsync(1);
        var missedLine = await missed.TextContentAsync();
        // Clicking the missed item puts the cursor on its line (the else row), with a marker beside it in the gutter.
        await missed.ClickAsync();
        await Assertions.Expect(page.Locator(".cm-activeLine")).ToHaveTextAsync("  else   => 0");
        Assert.True(await page.Locator(".cm-coverage-missed").CountAsync() >= 1, "a marker in the coverage gutter");
        await ShotAsync(page, "11-coverage-gutter");

        // Impact over a workbook: the bonus raised to 1200 yuan, two employees, both paid more.
        await Line(page, "param KPI总奖金").ClickAsync();
        await page.Keyboard.PressAsync("End");
        for (var i = 0; i < "1000 yuan".Length; i++) await page.Keyboard.PressAsync("Backspace");
        await page.Keyboard.TypeAsync("1200 yuan");
        var team = Path.Combine(Path.GetTempPath(), $"studio-team-{Guid.NewGuid():N}.xlsx");
        WriteWorkbook(team, [
            ["工号", "岗位", "素质", "退款率", "纠纷处理", "配合度", "执行力", "迟到", "客户表扬", "低质评价"],
            ["E001", "普通售后客服", "良", "6%", "良", "良", "中", 1, 3, 1],
            ["E002", "高级售后客服", "优", "3%", "优", "优", "优", 0, 0, 0],
        ]);
        try
        {
            await page.Locator(".tab[data-tab='impact']").ClickAsync();
            await page.Locator("#team-file").SetInputFilesAsync(team);
            await page.Locator("#diff-period").FillAsync("2026-03");
            await page.Locator("#diff").ClickAsync();
            await Assertions.Expect(page.Locator("#diff-summary")).ToHaveTextAsync("比较了 2 人，其中 2 人有变化");
            await Assertions.Expect(page.Locator("#diff-table tr", new PageLocatorOptions { HasText = "E001" }).First).ToContainTextAsync("840.00");
            await ShotAsync(page, "12-impact-from-xlsx");
        }
        finally
        {
            File.Delete(team);
        }
        output.WriteLine(missedLine);
    }

    [Fact]
    public async Task With_a_token_configured_the_page_asks_for_it_and_a_call_without_it_fails()
    {
        var port = ServiceProcess.FreePort();
        await using var guarded = await server.StartWithTokenAsync(port);
        await using var context = await chromium.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(15_000);
        await page.GotoAsync($"http://127.0.0.1:{port}/studio/");
        await Assertions.Expect(page.Locator("#token-prompt")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#app")).ToBeHiddenAsync();
        var status = await page.EvaluateAsync<int>("""
            async () => (await fetch('/studio/api/check', { method: 'POST', headers: { 'content-type': 'application/json' },
              body: JSON.stringify({ policyId: 'after-sales/售后客服考核', text: '' }) })).status
            """);
        Assert.Equal((int)HttpStatusCode.Unauthorized, status);
        Assert.Equal((int)HttpStatusCode.Unauthorized, await page.EvaluateAsync<int>("async () => (await fetch('/v1/policies')).status"));
        await ShotAsync(page, "08-token-prompt");

        await page.Locator("#token").FillAsync("not-the-token");
        await page.Locator("#token-form button").ClickAsync();
        await Assertions.Expect(page.Locator("#token-error")).ToHaveTextAsync("令牌不被接受");
        await page.Locator("#token").FillAsync(StudioServer.Token);
        await page.Locator("#token-form button").ClickAsync();
        await Assertions.Expect(page.Locator(".policy-open[data-policy='after-sales/售后客服考核']")).ToBeVisibleAsync();
        await OpenPolicyAsync(page, TestPolicies.AfterSales);
        await Assertions.Expect(page.Locator("#problems-summary")).ToHaveTextAsync("没有问题");
    }

    [Fact]
    public async Task The_first_load_transfers_at_most_1_MB()
    {
        await using var context = await chromium.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        var finished = new List<IRequest>();
        page.RequestFinished += (_, request) => { lock (finished) finished.Add(request); };
        await page.GotoAsync(server.Url);
        await page.Locator(".policy-open").First.WaitForAsync();
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        long total = 0;
        List<IRequest> requests;
        lock (finished) requests = [.. finished];
        foreach (var request in requests)
        {
            var sizes = await request.SizesAsync();
            var bytes = sizes.ResponseBodySize + sizes.ResponseHeadersSize;
            total += bytes;
            output.WriteLine($"{bytes,9:N0} B  {request.Url}");
        }
        output.WriteLine($"{total,9:N0} B  transferred by the first load ({requests.Count} requests)");
        Assert.Contains(requests, r => r.Url.EndsWith("/studio/studio.js", StringComparison.Ordinal));
        Assert.InRange(total, 1, 1_000_000);
    }

    [Fact]
    public async Task A_diagnostic_shows_within_300_ms_of_a_keystroke_pause_in_the_largest_policy()
    {
        var largest = Directory.EnumerateFiles(server.Policies.Directory, "*.policy", SearchOption.AllDirectories).MaxBy(f => new FileInfo(f).Length)!;
        var id = Path.GetRelativePath(server.Policies.Directory, largest)[..^".policy".Length].Replace('\\', '/');
        await using var context = await chromium.Browser.NewContextAsync();
        var page = await OpenAsync(context);
        await OpenPolicyAsync(page, id);
        await Assertions.Expect(page.Locator(".cm-lintRange-error")).ToHaveCountAsync(0);
        var firstLine = (await File.ReadAllLinesAsync(largest)).First(l => l.StartsWith("policy ", StringComparison.Ordinal));

        // In the page: the time of the last key pressed, and when the first error squiggle is drawn after it.
        await page.EvaluateAsync("""
            () => {
              window.lastKey = 0; window.shown = 0;
              document.addEventListener('keydown', () => { window.lastKey = performance.now(); window.shown = 0; }, true);
              new MutationObserver(() => { if (!window.shown && document.querySelector('.cm-lintRange-error')) window.shown = performance.now(); })
                .observe(document.querySelector('#editor'), { subtree: true, childList: true, attributes: true });
            }
            """);
        var times = new List<double>();
        for (var round = 0; round < 5; round++)
        {
            await TypeAtEndOfAsync(page, firstLine, " 错");
            await Assertions.Expect(page.Locator(".cm-lintRange-error")).ToHaveCountAsync(1);
            times.Add(await page.EvaluateAsync<double>("() => window.shown - window.lastKey"));
            await page.Keyboard.PressAsync("Backspace");
            await page.Keyboard.PressAsync("Backspace");
            await Assertions.Expect(page.Locator(".cm-lintRange-error")).ToHaveCountAsync(0);
        }
        times.Sort();
        output.WriteLine($"{id} ({new FileInfo(largest).Length:N0} bytes): diagnostic on screen {string.Join(", ", times.Select(t => t.ToString("0", CultureInfo.InvariantCulture)))} ms after the last keystroke (median {times[2]:0} ms; the editor waits 150 ms for a pause)");
        Assert.InRange(times[2], 0, 300);
    }
}
