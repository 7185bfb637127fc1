using System.Text.RegularExpressions;
using Appraisal.Engine;
using Appraisal.Engine.Evaluation;
using Appraisal.Engine.Planning;
using Appraisal.Engine.Testing;
using Appraisal.Policy.Diagnostics;

namespace Appraisal.Policies.Tests;

/// <summary>
/// Every computed number of every policy in policies/ is explained with the numbers substituted: in the explanation of
/// each of a policy's own test cases (zh and en), a formula line (<c>= KPI总奖金 * 考核.score / 考核.max</c>) that
/// computes something is followed by the same arithmetic with values (<c>= 1000 元（KPI总奖金）× 95 分 …</c>), and each
/// calculation carries the value of every step as data.
/// </summary>
public partial class ExplanationArithmeticTests
{
    public static TheoryData<string> Policies()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.EnumerateFiles(RepositoryPaths.Policies, "*.policy", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            data.Add(Path.GetRelativePath(RepositoryPaths.Policies, file));
        return data;
    }

    // An operator, a condition or a function: the formula computes something, so it needs its numbers.
    [GeneratedRegex(@"[+\-*/]|\bif\b|\bmin\(|\bmax\(|\bround\(|\band\b|\bor\b|\bnot\b|\bof\b|\beach\b")]
    private static partial Regex Computes();

    [Theory]
    [MemberData(nameof(Policies))]
    public void Every_formula_in_an_explanation_is_followed_by_its_arithmetic_with_values(string policy)
    {
        var plan = PolicyPipeline.LoadFile(Path.Combine(RepositoryPaths.Policies, policy)).Plan!;
        foreach (var result in PolicyTestRunner.Run(plan, explain: true))
        {
            foreach (var outcome in result.Outcomes)
            {
                foreach (var language in new[] { Language.Zh, Language.En })
                {
                    var lines = ExplanationText.Render(outcome, language).Split('\n');
                    for (var i = 1; i < lines.Length; i++)
                    {
                        // A rule's formula is the line right after its header (the one with its citation 〔…〕).
                        var line = lines[i].Trim();
                        if (!lines[i - 1].Contains('〔') || !line.StartsWith("= ", StringComparison.Ordinal) || !Computes().IsMatch(line[2..])) continue;
                        var next = i + 1 < lines.Length ? lines[i + 1].Trim() : "";
                        // each(…) is followed by one line per element (or by the words saying there was none).
                        var elements = line.StartsWith("= each(", StringComparison.Ordinal)
                            && (next.StartsWith("第 ", StringComparison.Ordinal) || next.StartsWith("item ", StringComparison.Ordinal) || next is "（没有符合的项）" or "(no items)");
                        Assert.True(elements || next.StartsWith("= ", StringComparison.Ordinal) && next != line,
                            $"{policy}, test \"{result.Title}\" ({language}): the formula \"{line}\" is not followed by its arithmetic with values, but by \"{next}\"");
                    }
                }
                foreach (var derivation in outcome.Explanation!.AllDerivations())
                {
                    if (derivation.Rule is DefinitionRule or OutputRule)
                        Assert.True(derivation.Calculation is not null, $"{policy}: {derivation.Rule.Name} has no calculation");
                    if (derivation.Calculation is { } calculation) AssertEveryStepHasAValue(calculation, policy, derivation.Rule.Name);
                }
            }
        }
    }

    private static void AssertEveryStepHasAValue(Calculation calculation, string policy, string rule)
    {
        Assert.False(calculation.Value.IsMissing, $"{policy}: a step of {rule} ({calculation.Kind} {calculation.Text}) has no value");
        foreach (var part in calculation.Parts) AssertEveryStepHasAValue(part, policy, rule);
    }
}
