using Appraisal.Engine.Evaluation;
using Appraisal.Engine.Testing;
using Appraisal.Engine.Values;
using Appraisal.Policy.Semantics;
using Appraisal.Policy.Syntax;
using Appraisal.Policy.Text;
using Xunit.Abstractions;

namespace Appraisal.Engine.Tests.Testing;

/// <summary>
/// An evaluation written as a test case reads back as the same case: for every one-member case of every policy in
/// policies/, its facts evaluated, written by <see cref="TestCaseWriter"/>, appended to the policy and checked again,
/// the new case passes — whatever inputs, units, enums, lists and records the policies use.
/// </summary>
public sealed class TestCaseWriterTests(ITestOutputHelper output)
{
    public static TheoryData<string> Policies() =>
        [.. Directory.EnumerateFiles(RepositoryPaths.Policies, "*.policy", SearchOption.AllDirectories)
            .Where(f => File.ReadLines(f).Any(l => l.StartsWith("test ", StringComparison.Ordinal)))
            .Select(f => Path.GetRelativePath(RepositoryPaths.Policies, f)).Order(StringComparer.Ordinal)];

    [Theory]
    [MemberData(nameof(Policies))]
    public void Every_case_written_back_from_its_outcome_passes(string relativePath)
    {
        var path = Path.Combine(RepositoryPaths.Policies, relativePath);
        var source = File.ReadAllText(path);
        var plan = PolicyPipeline.LoadFile(path).Plan!;
        var cases = PolicyTestRunner.Tests(plan)
            .Where(t => t.Clauses.OfType<TestGiven>().Count() == 1 && !t.Clauses.OfType<TestHistory>().Any() && !t.Clauses.OfType<TestViolated>().Any())
            .ToList();
        var written = 0;
        foreach (var test in cases)
        {
            var (members, period) = PolicyTestRunner.Givens(plan, test);
            // The outcome as the test runner evaluates the case (a group policy's case is a group of one).
            if (PolicyTestRunner.Run(plan, test) is not { Error: null, Outcomes: [var outcome] }) continue; // a case about a fault
            var title = "written back: " + test.Title;
            var text = TestCaseWriter.Write(plan, title, members[0], period, outcome);
            Assert.Empty(text.Skipped);
            var again = PolicyPipeline.Load(new SourceText(path, source.TrimEnd() + "\n\n" + text.Text + "\n"), new Appraisal.Policy.Semantics.IncludeReader());
            Assert.True(again.Plan is not null, text.Text + "\n" + string.Join("\n", again.Diagnostics.Where(d => d.IsError).Select(d => d.Message())));
            var copy = PolicyTestRunner.Tests(again.Plan!).Single(t => t.Title == title);
            var result = PolicyTestRunner.Run(again.Plan!, copy);
            Assert.True(result.Passed, text.Text + "\n" + string.Join("\n", result.Mismatches.Select(m => $"{m.Output}: {m.Expected} / {m.Actual}")));
            written++;
        }
        output.WriteLine($"{relativePath}: {written} of {cases.Count} cases written back");
        Assert.True(written > 0 || cases.Count == 0, "no case written back");
    }

    [Fact]
    public void Values_are_written_as_the_literals_the_parser_reads()
    {
        var plan = PolicyPipeline.LoadFile(Path.Combine(RepositoryPaths.Policies, "after-sales", "售后客服考核.policy")).Plan!;
        var test = PolicyTestRunner.Tests(plan).Single(t => t.Title == "差评、退款率 9.5% 与两次投诉");
        var (members, period) = PolicyTestRunner.Givens(plan, test);
        var outcome = Evaluator.Evaluate(plan, members[0], new EvaluationOptions { Period = period });
        var text = TestCaseWriter.Write(plan, "a \"quoted\" title", members[0], period, outcome).Text;
        Assert.Equal("""
            test "a \"quoted\" title" {
              period 2026-01
              given { 岗位: 普通售后客服, 素质: 差, 退款率: 9.5%, 纠纷处理: 中, 配合度: 良, 执行力: 良, 投诉扣分: [5 pts, 20 pts], 表现突出: 3 pts }
              expect { 得分: 48 pts, 考核合格: false, KPI奖金: 0.00 yuan, 工资: 2000.00 yuan }
            }
            """.Replace("\r\n", "\n"), text);
        Assert.Equal("2.5h", TestCaseWriter.Literal(Value.Of(2.50m), new NumericType(new Dimension(0, 0, 1), NumberKind.Number)));
        Assert.Null(TestCaseWriter.Literal(Value.Of(2m), new NumericType(new Dimension(1, -1, 0), NumberKind.Number)));
        Assert.Equal("\"两行\\n文字\"", TestCaseWriter.Literal(Value.Of("两行\n文字"), PolicyType.Text));
    }
}
