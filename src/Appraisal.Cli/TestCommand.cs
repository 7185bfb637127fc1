using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Appraisal.Engine;
using Appraisal.Engine.Evaluation;
using Appraisal.Engine.Planning;
using Appraisal.Engine.Testing;
using Appraisal.Engine.Values;
using Appraisal.Policy.Diagnostics;
using Appraisal.Policy.Semantics;
using FileKind = Appraisal.Policy.Syntax.FileKind;
using TestDecl = Appraisal.Policy.Syntax.TestDecl;
using Appraisal.Policy.Text;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace Appraisal.Cli;

/// <summary>
/// <c>policy test &lt;paths...&gt; [--run REGEX] [--format text|json] [--coverage] [--coverage-html FILE] [--threshold N]
/// [--lang en|zh]</c>: runs the tests written in policies, like <c>opa test</c> / <c>go test</c>. Each case is printed
/// with where it is written (<c>file(line,col)</c>) and how long it took; <c>--run</c> keeps the cases whose title
/// the regular expression matches. Coverage is the engine's (<see cref="Coverage"/>: table rows, scorecard entries,
/// gates, vetoes, levels, exceptions reached), as text, in the JSON report, or as an HTML page; <c>--threshold N</c>
/// fails the run (exit 1) when less than N% of the items were reached.
/// </summary>
internal sealed class TestCommand : FilesCommand
{
    private readonly Option<bool> _coverage = new("--coverage")
    {
        Description = "Report which table rows, scorecard entries, gates, vetoes, levels and exceptions the tests reached",
    };
    private readonly Option<string?> _run = new("--run") { Description = "Run only the tests whose title matches this regular expression" };
    private readonly Option<string> _format = new("--format") { Description = "Output format: text for people, json for tools", DefaultValueFactory = _ => "text" };
    private readonly Option<string?> _coverageHtml = new("--coverage-html") { Description = "Write the coverage as an HTML page to this file (implies --coverage)" };
    private readonly Option<int> _threshold = CommonOptions.WholeNumber("--threshold",
        "Fail (exit 1) when the tests reach less than this percentage of the coverage items (implies --coverage)", 0, maximum: 100);

    public TestCommand() : base("test", "Run the tests written in policy files. Exit code 1 if any fails.")
    {
        _format.AcceptOnlyFromAmong("text", "json");
        Options.Add(_run);
        Options.Add(_format);
        Options.Add(_coverage);
        Options.Add(_coverageHtml);
        Options.Add(_threshold);
    }

    /// <summary>One test case run: its result and how long it took.</summary>
    private sealed record Case(PolicyTestResult Result, TimeSpan Elapsed);

    /// <summary>One file: its diagnostics when it has errors (nothing run), else its cases and what they reached.</summary>
    private sealed record FileRun(string File, IReadOnlyList<Diagnostic> Errors, PolicyPlan? Plan, IReadOnlyList<Case> Cases, IReadOnlyList<CoverageItem> Coverage);

    protected override int Run(ParseResult parseResult, IReadOnlyList<string> files, TextWriter stdout, TextWriter stderr, Language language)
    {
        string Say(string en, string zh) => CommonOptions.Say(language, en, zh);
        var htmlPath = parseResult.GetValue(_coverageHtml);
        var threshold = parseResult.GetResult(_threshold) is { Implicit: false } ? parseResult.GetValue(_threshold) : (int?)null;
        var coverage = parseResult.GetValue(_coverage) || htmlPath is not null || threshold is not null;
        Regex? filter = null;
        if (parseResult.GetValue(_run) is { } pattern)
        {
            try
            {
                filter = new Regex(pattern, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
            }
            catch (ArgumentException e)
            {
                stderr.WriteLine(Say($"policy: --run '{pattern}' is not a regular expression: {e.Message}", $"policy：--run「{pattern}」不是正则表达式：{e.Message}"));
                return ExitCodes.Usage;
            }
        }

        var runs = new List<FileRun>();
        foreach (var file in files)
        {
            var loaded = PolicyPipeline.LoadFile(file);
            if (loaded.Plan is not { } plan)
            {
                runs.Add(new FileRun(file, loaded.Diagnostics, null, [], []));
                continue;
            }
            if (loaded.Checked.File.Kind == FileKind.Library) continue;
            var cases = new List<Case>();
            foreach (var test in PolicyTestRunner.Tests(plan).Where(t => filter?.IsMatch(t.Title) ?? true))
            {
                var clock = Stopwatch.StartNew();
                var result = PolicyTestRunner.Run(plan, test, explain: coverage);
                cases.Add(new Case(result, clock.Elapsed));
            }
            var items = coverage ? Coverage.Of(plan, cases.SelectMany(c => c.Result.Outcomes)) : [];
            runs.Add(new FileRun(file, [], plan, cases, items));
        }

        var passed = runs.Sum(r => r.Cases.Count(c => c.Result.Passed));
        var failed = runs.Sum(r => r.Cases.Count(c => !c.Result.Passed)) + runs.Count(r => r.Plan is null);
        var allItems = runs.SelectMany(r => r.Coverage).ToList();
        var percent = Percent(allItems);

        if (parseResult.GetValue(_format) == "json") WriteJson(stdout, runs, passed, failed, coverage, percent, language);
        else WriteText(stdout, runs, passed, failed, coverage, percent, filter is not null, language);

        if (htmlPath is not null)
        {
            try
            {
                File.WriteAllText(htmlPath, CoverageHtml.Render(runs.Where(r => r.Plan is not null).Select(r => (r.File, r.Coverage)).ToList(), language));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                stderr.WriteLine(Say($"policy: cannot write {htmlPath}: {e.Message}", $"policy：无法写入 {htmlPath}：{e.Message}"));
                return ExitCodes.Failure;
            }
        }
        if (threshold is { } minimum && percent < minimum)
        {
            stderr.WriteLine(Say($"policy: coverage {Format(percent)}% is below --threshold {minimum}%", $"policy：覆盖率 {Format(percent)}% 低于 --threshold {minimum}%"));
            return ExitCodes.Failure;
        }
        return failed > 0 ? ExitCodes.Failure : ExitCodes.Success;
    }

    /// <summary>The share of the items reached, in percent (100 when there is nothing to reach).</summary>
    private static decimal Percent(IReadOnlyList<CoverageItem> items) =>
        items.Count == 0 ? 100m : Math.Round(items.Count(i => i.Reached) * 100m / items.Count, 1, MidpointRounding.ToZero);

    private static string Format(decimal percent) => percent.ToString("0.#", CultureInfo.InvariantCulture);

    private static string Location(TestDecl test)
    {
        var (line, column) = test.Span.StartPosition;
        return string.Create(CultureInfo.InvariantCulture, $"{test.Span.File}({line},{column})");
    }

    private static string Milliseconds(TimeSpan elapsed) => elapsed.TotalMilliseconds.ToString("0.0", CultureInfo.InvariantCulture) + " ms";

    private static void WriteText(TextWriter stdout, IReadOnlyList<FileRun> runs, int passed, int failed, bool coverage, decimal percent, bool filtered, Language language)
    {
        string Say(string en, string zh) => CommonOptions.Say(language, en, zh);
        var colour = Colour.For(stdout);
        foreach (var run in runs)
        {
            if (run.Plan is not { } plan)
            {
                var text = new StringWriter();
                DiagnosticPrinter.WriteText(text, run.Errors, language);
                stdout.Write(colour.Diagnostics(text.ToString()));
                stdout.WriteLine(colour.Red(Say($"FAIL {run.File}: the policy has errors; its tests were not run", $"失败 {run.File}：策略有错误，未运行测试")));
                continue;
            }
            if (filtered && run.Cases.Count == 0) continue; // --run matched nothing here: the file says nothing
            stdout.WriteLine(run.File);
            if (run.Cases.Count == 0) stdout.WriteLine(Say("  (no tests)", "  （没有测试）"));
            foreach (var (result, elapsed) in run.Cases)
            {
                var where = $"({Location(result.Test)}, {Milliseconds(elapsed)})";
                if (result.Passed)
                {
                    stdout.WriteLine($"  {colour.Green(Say("PASS", "通过"))} {result.Title} {colour.Dim(where)}");
                    continue;
                }
                stdout.WriteLine($"  {colour.Red(Say("FAIL", "失败"))} {result.Title} {colour.Dim(where)}");
                foreach (var failure in Failures(result, language)) stdout.WriteLine("       " + failure);
                if (result.Mismatches.Count > 0) WriteDerivation(stdout, plan, result, language);
            }
            if (coverage) WriteCoverage(stdout, run.Coverage, language);
        }
        var summary = $"{passed} passed, {failed} failed";
        stdout.WriteLine(failed > 0 ? colour.Red(summary) : colour.Green(summary));
        if (coverage)
        {
            var items = runs.SelectMany(r => r.Coverage).ToList();
            stdout.WriteLine(Say($"coverage: {items.Count(i => i.Reached)} of {items.Count} reached ({Format(percent)}%)",
                $"覆盖：{items.Count} 项中 {items.Count(i => i.Reached)} 项已达到（{Format(percent)}%）"));
        }
    }

    /// <summary>Why a test failed, one line each: its evaluation error, each output not as expected, each constraint.</summary>
    private static List<string> Failures(PolicyTestResult result, Language language)
    {
        var chinese = language == Language.Zh;
        var lines = new List<string>();
        if (result.Error is { } error)
        {
            var (line, column) = error.Span.StartPosition;
            lines.Add($"{error.Span.File}({line},{column}): {(chinese ? error.MessageZh : error.Message)}");
        }
        foreach (var mismatch in result.Mismatches)
        {
            lines.Add(CommonOptions.Say(language,
                $"{mismatch.Output}: expected {ValueFormat.Format(mismatch.Expected, mismatch.Type)}, got {ValueFormat.Format(mismatch.Actual, mismatch.Type)}",
                $"{mismatch.Output}：期望 {ValueFormat.Format(mismatch.Expected, mismatch.Type, chinese)}，实际 {ValueFormat.Format(mismatch.Actual, mismatch.Type, chinese)}"));
        }
        foreach (var mismatch in result.ConstraintMismatches) lines.Add(mismatch.Message(chinese));
        return lines;
    }

    /// <summary>How the actual values came about: the failing test run again with an explanation.</summary>
    private static void WriteDerivation(TextWriter stdout, PolicyPlan plan, PolicyTestResult result, Language language)
    {
        var explained = PolicyTestRunner.Run(plan, result.Test, explain: true);
        if (explained.Outcomes.Count != 1) return; // a group test: the expected/actual lines say enough
        var names = result.Mismatches.Select(m => m.Output).ToHashSet();
        foreach (var line in ExplanationText.Render(explained.Outcomes[0], language, names).Split('\n', StringSplitOptions.RemoveEmptyEntries))
            stdout.WriteLine("       | " + line);
    }

    private static void WriteCoverage(TextWriter stdout, IReadOnlyList<CoverageItem> items, Language language)
    {
        var reached = items.Count(i => i.Reached);
        var percent = Format(Percent(items));
        stdout.WriteLine(CommonOptions.Say(language, $"  coverage: {reached} of {items.Count} reached ({percent}%)", $"  覆盖：{items.Count} 项中 {reached} 项已达到（{percent}%）"));
        foreach (var item in items.Where(i => !i.Reached))
            stdout.WriteLine(CommonOptions.Say(language,
                $"    never reached: {item.Kind} {item.Rule}: {item.Item} (line {item.Line})",
                $"    未达到：{item.Kind} {item.Rule}：{item.Item}（第 {item.Line} 行）"));
    }

    /// <summary>
    /// <c>--format json</c>: <c>{files: [{file, errors} | {file, tests: [{title, file, line, column, passed,
    /// durationMs, failures}], coverage?}], passed, failed, coverage?: {reached, total, percent}}</c>.
    /// </summary>
    private static void WriteJson(TextWriter stdout, IReadOnlyList<FileRun> runs, int passed, int failed, bool coverage, decimal percent, Language language)
    {
        using var writer = new JsonTextWriter(stdout) { Formatting = Formatting.Indented, CloseOutput = false };
        writer.WriteStartObject();
        writer.WritePropertyName("files");
        writer.WriteStartArray();
        foreach (var run in runs)
        {
            writer.WriteStartObject();
            writer.WritePropertyName("file");
            writer.WriteValue(run.File);
            if (run.Plan is null)
            {
                writer.WritePropertyName("errors");
                JToken.Parse(DiagnosticPrinter.ToJson(run.Errors, language, indented: false)).WriteTo(writer);
                writer.WriteEndObject();
                continue;
            }
            writer.WritePropertyName("tests");
            writer.WriteStartArray();
            foreach (var (result, elapsed) in run.Cases)
            {
                var (line, column) = result.Test.Span.StartPosition;
                writer.WriteStartObject();
                writer.WritePropertyName("title");
                writer.WriteValue(result.Title);
                writer.WritePropertyName("file");
                writer.WriteValue(result.Test.Span.File);
                writer.WritePropertyName("line");
                writer.WriteValue(line);
                writer.WritePropertyName("column");
                writer.WriteValue(column);
                writer.WritePropertyName("passed");
                writer.WriteValue(result.Passed);
                writer.WritePropertyName("durationMs");
                writer.WriteValue(Math.Round((decimal)elapsed.TotalMilliseconds, 3));
                writer.WritePropertyName("failures");
                writer.WriteStartArray();
                foreach (var failure in Failures(result, language)) writer.WriteValue(failure);
                writer.WriteEndArray();
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
            if (coverage)
            {
                writer.WritePropertyName("coverage");
                WriteCoverageJson(writer, run.Coverage, withItems: true);
            }
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
        writer.WritePropertyName("passed");
        writer.WriteValue(passed);
        writer.WritePropertyName("failed");
        writer.WriteValue(failed);
        if (coverage)
        {
            writer.WritePropertyName("coverage");
            WriteCoverageJson(writer, runs.SelectMany(r => r.Coverage).ToList(), withItems: false);
        }
        writer.WriteEndObject();
        writer.Flush();
        stdout.WriteLine();
    }

    private static void WriteCoverageJson(JsonWriter writer, IReadOnlyList<CoverageItem> items, bool withItems)
    {
        writer.WriteStartObject();
        writer.WritePropertyName("reached");
        writer.WriteValue(items.Count(i => i.Reached));
        writer.WritePropertyName("total");
        writer.WriteValue(items.Count);
        writer.WritePropertyName("percent");
        writer.WriteValue(Percent(items));
        if (withItems)
        {
            writer.WritePropertyName("items");
            writer.WriteStartArray();
            foreach (var item in items)
            {
                writer.WriteStartObject();
                writer.WritePropertyName("kind");
                writer.WriteValue(item.Kind);
                writer.WritePropertyName("rule");
                writer.WriteValue(item.Rule);
                writer.WritePropertyName("item");
                writer.WriteValue(item.Item);
                writer.WritePropertyName("line");
                writer.WriteValue(item.Line);
                writer.WritePropertyName("reached");
                writer.WriteValue(item.Reached);
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
        }
        writer.WriteEndObject();
    }
}
