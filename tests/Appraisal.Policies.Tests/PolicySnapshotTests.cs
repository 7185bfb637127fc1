using Appraisal.Engine;
using System.Text;
using Appraisal.Engine.Evaluation;
using Appraisal.Engine.Planning;
using Appraisal.Engine.Testing;
using Appraisal.Engine.Values;
using Appraisal.Policy.Diagnostics;
using Appraisal.Policy.Semantics;
using Appraisal.Policy.Syntax;
using Appraisal.Policy.Text;

namespace Appraisal.Policies.Tests;

/// <summary>
/// For every test case of every policy in policies/, the outputs and their explanation in Chinese, as one
/// readable file beside the policy (<c>snapshots/POLICY.CASE.approved.txt</c>), reviewed like code. A change to a
/// policy shows in review exactly which outcomes moved. A missing or changed snapshot fails (and writes
/// <c>*.received.txt</c> beside it: review it, and rename it to <c>.approved.txt</c> to accept).
/// </summary>
public class PolicySnapshotTests
{
    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var file in Directory.EnumerateFiles(RepositoryPaths.Policies, "*.policy", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var parsed = Parser.Parse(SourceText.FromFile(file));
            foreach (var test in parsed.File.Declarations.OfType<TestDecl>())
                data.Add(Path.GetRelativePath(RepositoryPaths.Policies, file), test.Title);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Outcome_and_explanation_match_the_reviewed_snapshot(string policy, string title)
    {
        var path = Path.Combine(RepositoryPaths.Policies, policy);
        var plan = PolicyPipeline.LoadFile(path).Plan!;
        var test = PolicyTestRunner.Tests(plan).First(t => t.Title == title);
        var result = PolicyTestRunner.Run(plan, test, explain: true);

        var name = $"{Path.GetFileNameWithoutExtension(path)}.{SafeName(title)}.approved.txt";
        GoldenFile.Verify(Path.Combine(Path.GetDirectoryName(path)!, "snapshots", name), Render(plan, test, result));
    }

    private static string Render(PolicyPlan plan, TestDecl test, PolicyTestResult result)
    {
        var text = new StringBuilder();
        text.Append("测试：").Append(test.Title).Append('\n');
        text.Append("策略：").Append(plan.Name).Append(plan.Version is { } v ? $"（版本 {v}）" : "").Append('\n');
        foreach (var clause in test.Clauses)
        {
            var source = clause.Span.Source.Text[clause.Span.Start..clause.Span.End];
            text.Append(string.Join('\n', source.Split('\n').Select(l => "  " + l.Trim()))).Append('\n');
        }
        text.Append(result.Passed ? "结果：通过\n" : "结果：未通过\n");
        if (result.Error is { } error)
        {
            var (line, column) = error.Span.StartPosition;
            text.Append($"错误：第 {line} 行第 {column} 列：{error.MessageZh}\n");
        }
        foreach (var mismatch in result.Mismatches)
            text.Append($"不符：{mismatch.Output} 期望 {ValueFormat.Format(mismatch.Expected, mismatch.Type, true)}，实际 {ValueFormat.Format(mismatch.Actual, mismatch.Type, true)}\n");
        foreach (var mismatch in result.ConstraintMismatches) text.Append("不符：").Append(mismatch.Message(chinese: true)).Append('\n');
        foreach (var rejection in result.Rejections) text.Append("事实被拒绝：").Append(rejection.MessageZh).Append('\n');

        var givens = test.Clauses.OfType<TestGiven>().ToList();
        for (var i = 0; i < result.Outcomes.Count; i++)
        {
            var outcome = result.Outcomes[i];
            text.Append('\n');
            if (givens.Count > 1) text.Append("== ").Append(givens[i].Subject ?? $"#{i + 1}").Append('\n');
            text.Append("输出：\n");
            foreach (var output in outcome.Outputs)
                text.Append($"  {output.Name} = {ValueFormat.Format(output.Value, output.Type, true)}\n");
            text.Append("说明：\n");
            foreach (var line in ExplanationText.Render(outcome, Language.Zh).Split('\n', StringSplitOptions.RemoveEmptyEntries))
                text.Append("  ").Append(line).Append('\n');
        }
        return text.ToString();
    }

    /// <summary>A file name from a test title: characters that are not allowed (or awkward) in file names become '_'.</summary>
    private static string SafeName(string title)
    {
        var invalid = Path.GetInvalidFileNameChars().Concat(['*', '?', ':', '"', '<', '>', '|', '/', '\\', ' ']).ToHashSet();
        return new string(title.Select(c => invalid.Contains(c) ? '_' : c).ToArray());
    }

}
