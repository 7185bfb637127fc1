using System.CommandLine;
using Appraisal.Engine;
using Appraisal.Engine.Evaluation;
using Appraisal.Engine.Planning;
using Appraisal.Engine.Testing;
using Appraisal.Engine.Values;
using Appraisal.Policy.Diagnostics;
using Appraisal.Policy.Semantics;
using Appraisal.Policy.Text;

namespace Appraisal.Cli;

/// <summary><c>policy test &lt;paths...&gt; [--coverage] [--lang en|zh]</c>: runs the tests written in policies, like <c>opa test</c>.</summary>
internal sealed class TestCommand : FilesCommand
{
    private readonly Option<bool> _coverage = new("--coverage")
    {
        Description = "Report which table rows, scorecard entries, gates, vetoes, levels and exceptions the tests reached",
    };

    public TestCommand() : base("test", "Run the tests written in policy files. Exit code 1 if any fails.")
    {
        Options.Add(_coverage);
    }

    protected override int Run(ParseResult parseResult, IReadOnlyList<string> files, TextWriter stdout, TextWriter stderr, Language language)
    {
        var coverage = parseResult.GetValue(_coverage);
        string Say(string en, string zh) => CommonOptions.Say(language, en, zh);

        int passed = 0, failed = 0;
        foreach (var file in files)
        {
            var loaded = PolicyPipeline.LoadFile(file);
            if (loaded.Plan is not { } plan)
            {
                DiagnosticPrinter.WriteText(stdout, loaded.Diagnostics, language);
                stdout.WriteLine(Say($"FAIL {file}: the policy has errors; its tests were not run", $"失败 {file}：策略有错误，未运行测试"));
                failed++;
                continue;
            }
            if (loaded.Checked.File.Kind == Policy.Syntax.FileKind.Library) continue;
            var results = PolicyTestRunner.Run(plan, explain: coverage);
            stdout.WriteLine(file);
            if (results.Count == 0) stdout.WriteLine(Say("  (no tests)", "  （没有测试）"));
            foreach (var result in results)
            {
                if (result.Passed)
                {
                    passed++;
                    stdout.WriteLine($"  {Say("PASS", "通过")} {result.Title}");
                    continue;
                }
                failed++;
                stdout.WriteLine($"  {Say("FAIL", "失败")} {result.Title}");
                if (result.Error is { } error)
                {
                    var (line, column) = error.Span.StartPosition;
                    stdout.WriteLine($"       {error.Span.File}({line},{column}): {(language == Language.Zh ? error.MessageZh : error.Message)}");
                }
                foreach (var mismatch in result.Mismatches)
                {
                    var chinese = language == Language.Zh;
                    stdout.WriteLine(Say(
                        $"       {mismatch.Output}: expected {ValueFormat.Format(mismatch.Expected, mismatch.Type)}, got {ValueFormat.Format(mismatch.Actual, mismatch.Type)}",
                        $"       {mismatch.Output}：期望 {ValueFormat.Format(mismatch.Expected, mismatch.Type, chinese)}，实际 {ValueFormat.Format(mismatch.Actual, mismatch.Type, chinese)}"));
                }
                foreach (var mismatch in result.ConstraintMismatches)
                    stdout.WriteLine("       " + mismatch.Message(language == Language.Zh));
                if (result.Mismatches.Count > 0) WriteDerivation(stdout, plan, result, language);
            }
            if (coverage) WriteCoverage(stdout, plan, results, language);
        }
        stdout.WriteLine($"{passed} passed, {failed} failed");
        return failed > 0 ? ExitCodes.Failure : ExitCodes.Success;
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

    private static void WriteCoverage(TextWriter stdout, PolicyPlan plan, IReadOnlyList<PolicyTestResult> results, Language language)
    {
        var items = Coverage.Of(plan, results.SelectMany(r => r.Outcomes));
        var reached = items.Count(i => i.Reached);
        stdout.WriteLine(CommonOptions.Say(language, $"  coverage: {reached} of {items.Count} reached", $"  覆盖：{items.Count} 项中 {reached} 项已达到"));
        foreach (var item in items.Where(i => !i.Reached))
            stdout.WriteLine(CommonOptions.Say(language,
                $"    never reached: {item.Kind} {item.Rule}: {item.Item} (line {item.Line})",
                $"    未达到：{item.Kind} {item.Rule}：{item.Item}（第 {item.Line} 行）"));
    }
}
