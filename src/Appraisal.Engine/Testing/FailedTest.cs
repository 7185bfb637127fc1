using System.Collections.Immutable;
using Appraisal.Engine.Planning;
using Appraisal.Engine.Values;
using Appraisal.Policy.Diagnostics;
using Appraisal.Policy.Text;

namespace Appraisal.Engine.Testing;

/// <summary>
/// A test written in a policy that fails: where it is and why, in English and Chinese. A version whose own tests fail is
/// neither served nor published.
/// </summary>
public sealed record FailedTest(string Title, TextSpan Span, string MessageEn, string MessageZh)
{
    public string Message(Language language) => language == Language.Zh ? MessageZh : MessageEn;

    /// <summary>The failing tests of a plan, run with the engine's test runner (the tree evaluator, as <c>policy test</c> runs them).</summary>
    public static ImmutableArray<FailedTest> Of(PolicyPlan plan) =>
        [.. PolicyTestRunner.Run(plan).Where(r => !r.Passed).Select(Describe)];

    private static FailedTest Describe(PolicyTestResult result)
    {
        string Why(bool chinese)
        {
            if (result.Error is { } error)
            {
                var (line, column) = error.Span.StartPosition;
                return $"{error.Span.File}({line},{column}): {(chinese ? error.MessageZh : error.Message)}";
            }
            return string.Join(chinese ? "；" : "; ", result.Mismatches.Select(m => chinese
                ? $"{m.Output}：期望 {ValueFormat.Format(m.Expected, m.Type, chinese: true)}，实际 {ValueFormat.Format(m.Actual, m.Type, chinese: true)}"
                : $"{m.Output}: expected {ValueFormat.Format(m.Expected, m.Type)}, got {ValueFormat.Format(m.Actual, m.Type)}")
                .Concat(result.ConstraintMismatches.Select(m => m.Message(chinese))));
        }
        return new FailedTest(result.Title, result.Test.Span, $"test \"{result.Title}\" fails: {Why(false)}", $"测试「{result.Title}」未通过：{Why(true)}");
    }
}
