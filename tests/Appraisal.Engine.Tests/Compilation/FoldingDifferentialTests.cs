using Appraisal.Engine.Compilation;
using Appraisal.Engine.Evaluation;
using Appraisal.Engine.Planning;
using Appraisal.Engine.Values;
using Appraisal.Policy.Semantics;
using Appraisal.Policy.Text;
using Newtonsoft.Json;
using Xunit.Abstractions;

namespace Appraisal.Engine.Tests.Compilation;

/// <summary>
/// Constant folding against no folding: every policy of <see cref="DifferentialTests"/> is planned twice, with folding
/// and with <see cref="PlannerOptions.Fold"/> off (only literals are constants, everything else is evaluated at run
/// time), and both plans must give identical outcomes on the same random facts on both tiers — the same outputs with
/// the same decimal text, or the same error at the same place — and the same explanation JSON on the tree where the
/// two can be compared. A fold that disagreed with both tiers would pass <see cref="DifferentialTests"/>, which
/// compares tiers of one folded plan; here it fails, as <see cref="A_planted_fold_bug_is_caught"/> shows. Generated
/// policies are compared the same way on the tree (<see cref="Folded_and_unfolded_plans_agree_on_generated_policies"/>).
/// </summary>
public class FoldingDifferentialTests(ITestOutputHelper output)
{
    private const int Cases = 400;
    private const int GeneratedPolicies = 500;
    private const int Seed = 20261202;

    public static TheoryData<string> Policies() => DifferentialTests.Policies();

    [Theory]
    [MemberData(nameof(Policies))]
    public void Folded_and_unfolded_plans_agree_on_both_tiers(string policy)
    {
        var checkedPolicy = Check(policy);
        var folded = Planner.Plan(checkedPolicy);
        var unfolded = Planner.Plan(checkedPolicy, new PlannerOptions { Fold = false });
        var difference = FoldingDifference(folded, unfolded, folded, compile: true);
        Assert.True(difference is null, difference);
        output.WriteLine($"{Cases} cases agree");
    }

    /// <summary>
    /// Generated and mutated policies (<see cref="Robustness.RandomPolicies"/>, the evaluating fuzz test's, seeded by the
    /// commit) reach constant expressions the policies above do not — rounding, dates, deep parameter chains, faults
    /// in constants: each that checks clean is planned with and without folding and both agree on the tree.
    /// </summary>
    [Fact]
    public void Folded_and_unfolded_plans_agree_on_generated_policies()
    {
        var seed = FuzzSettings.Seed;
        const int count = GeneratedPolicies;
        output.WriteLine($"FUZZ_SEED={seed}");
        var compared = 0;
        for (var index = 0; index < count; index++)
        {
            var (description, text) = Robustness.RandomPolicies.Case(seed, index);
            var checkedPolicy = Checker.Check(new SourceText("fuzz.policy", text));
            if (checkedPolicy.HasErrors) continue;
            compared++;
            var (folded, unfolded) = (Planner.Plan(checkedPolicy), Planner.Plan(checkedPolicy, new PlannerOptions { Fold = false }));
            var difference = FoldingDifference(folded, unfolded, folded, compile: false, cases: 3);
            Assert.True(difference is null, $"case {index} (FUZZ_SEED={seed}, {description}): {difference}\n{text}");
        }
        output.WriteLine($"{compared} of {count} generated policies checked clean and agree");
        Assert.True(compared >= count / 2, $"only {compared} of {count} generated policies checked clean");
    }

    /// <summary>
    /// A fold bug planted through the test hook — every folded number one step off in its last digit (1000 yuan
    /// becomes 1001, 0.70 becomes 0.71) — is reported as a difference, though the two tiers of the bugged plan agree.
    /// </summary>
    [Fact]
    public void A_planted_fold_bug_is_caught()
    {
        var checkedPolicy = Check("after-sales/售后客服考核.policy");
        var bugged = Planner.Plan(checkedPolicy, new PlannerOptions { AfterFold = OneStepOff });
        var unfolded = Planner.Plan(checkedPolicy, new PlannerOptions { Fold = false });
        var clean = Planner.Plan(checkedPolicy);
        var difference = FoldingDifference(bugged, unfolded, clean, compile: true);
        Assert.NotNull(difference);
        output.WriteLine("reported: " + difference);

        // The tiers of the bugged plan agree with each other: comparing them, as DifferentialTests does, cannot see it.
        using var compiled = CompiledPolicy.Compile(bugged);
        var random = new RandomFacts(clean, Seed);
        for (var i = 0; i < Cases; i++)
        {
            var (facts, options) = (random.Facts(), random.Options());
            Assert.Null(DifferentialTests.Difference(DifferentialTests.Run(() => Evaluator.Evaluate(bugged, facts, options)),
                DifferentialTests.Run(() => compiled.Evaluate(facts, options))));
        }

        // And without the bug, the comparison of folded and unfolded plans finds nothing.
        Assert.Null(FoldingDifference(clean, unfolded, clean, compile: false));
    }

    private static Value OneStepOff(Value value)
    {
        if (value.Kind != ValueKind.Number) return value;
        var number = value.AsNumber;
        var scale = (decimal.GetBits(number)[3] >> 16) & 0xFF;
        var step = new decimal(1, 0, 0, false, (byte)scale);
        return Value.Of(number + step);
    }

    /// <summary>
    /// The first difference between the two plans on random facts (tree and compiled tier), or null. The facts come from
    /// <paramref name="factsFrom"/>, whose constants give the boundaries they are sometimes exactly on.
    /// </summary>
    private static string? FoldingDifference(PolicyPlan folded, PolicyPlan unfolded, PolicyPlan factsFrom, bool compile, int cases = Cases)
    {
        using var foldedCompiled = compile ? CompiledPolicy.Compile(folded) : null;
        using var unfoldedCompiled = compile ? CompiledPolicy.Compile(unfolded) : null;
        if (foldedCompiled?.FallbackReason is { } reason) return "the folded plan did not compile: " + reason;
        if (unfoldedCompiled?.FallbackReason is { } other) return "the plan without folding did not compile: " + other;
        var random = new RandomFacts(factsFrom, Seed);
        var explanationsComparable = ExplanationsComparable(folded);
        var group = unfolded.PopulationRules.Any();
        for (var i = 0; i < cases; i++)
        {
            var options = random.Options();
            if (group)
            {
                var members = Enumerable.Range(0, 1 + i % 4).Select(_ => random.Facts()).ToList();
                if (GroupDifference(unfolded, folded, members, options, explanationsComparable) is { } inGroup)
                    return $"group of {members.Count}, case {i}: {inGroup}";
                continue;
            }
            var facts = random.Facts();
            var expected = DifferentialTests.Run(() => Evaluator.Evaluate(unfolded, facts, options));
            var where = $" (case {i}: {string.Join(", ", unfolded.Inputs.Fields.Select(f => $"{f.Name} = {facts[f.Slot]}"))}; period {options.Period})";
            if (DifferentialTests.Difference(expected, DifferentialTests.Run(() => Evaluator.Evaluate(folded, facts, options))) is { } tree)
                return "tree, folded against not folded: " + tree + where;
            if (foldedCompiled is not null && unfoldedCompiled is not null)
            {
                if (DifferentialTests.Difference(expected, DifferentialTests.Run(() => unfoldedCompiled.Evaluate(facts, options))) is { } plain)
                    return "compiled without folding against the tree: " + plain + where;
                if (DifferentialTests.Difference(expected, DifferentialTests.Run(() => foldedCompiled.Evaluate(facts, options))) is { } compiled)
                    return "compiled, folded against not folded: " + compiled + where;
            }
            if (!explanationsComparable || expected.Error is not null) continue;
            var explained = options with { Explain = true };
            var (a, b) = (Json(Evaluator.Evaluate(unfolded, facts, explained)), Json(Evaluator.Evaluate(folded, facts, explained)));
            if (a != b) return $"explanations differ{where}:\nnot folded: {a}\nfolded:     {b}";
        }
        return null;
    }

    /// <summary>A group evaluated together (the tree evaluates groups on both tiers): each member's outcome and explanation.</summary>
    private static string? GroupDifference(PolicyPlan unfolded, PolicyPlan folded, List<Value[]> members, EvaluationOptions options,
        bool explanationsComparable)
    {
        var explained = options with { Explain = explanationsComparable };
        var (expected, actual) = (Group(() => Evaluator.EvaluateGroup(unfolded, members, explained)),
            Group(() => Evaluator.EvaluateGroup(folded, members, explained)));
        if (expected.Error is not null || actual.Error is not null)
            return DifferentialTests.Difference(new DifferentialTests.Result(null, expected.Error), new DifferentialTests.Result(null, actual.Error));
        for (var m = 0; m < members.Count; m++)
        {
            var (e, a) = (expected.Outcomes![m], actual.Outcomes![m]);
            if (DifferentialTests.Difference(new DifferentialTests.Result(e.Outputs, null), new DifferentialTests.Result(a.Outputs, null)) is { } d)
                return $"member {m}: {d}";
            if (explanationsComparable && Json(e) != Json(a)) return $"member {m}: explanations differ:\nnot folded: {Json(e)}\nfolded:     {Json(a)}";
        }
        return null;
    }

    private static (IReadOnlyList<Outcome>? Outcomes, Exception? Error) Group(Func<IReadOnlyList<Outcome>> evaluate)
    {
        try
        {
            return (evaluate(), null);
        }
        catch (EvaluationException error)
        {
            return (null, error);
        }
    }

    /// <summary>
    /// Explanations of the two plans can be compared unless a gate or level has a condition that folds to a constant:
    /// folded it shows no operands ("holds"), unfolded it shows both sides.
    /// </summary>
    private static bool ExplanationsComparable(PolicyPlan folded) => !folded.Rules.Any(rule => rule switch
    {
        GateRule gate => gate.Conditions.Any(c => c.Test is EvalConst),
        LevelsRule levels => levels.Levels.Any(l => l.Requirements.Any(c => c.Test is EvalConst)),
        _ => false,
    });

    /// <summary>
    /// The explanation as JSON, each calculation by its value only and conditions without their sides' arithmetic: a
    /// calculation shows a folded part as the constant it is and an unfolded one step by step, with the same value.
    /// </summary>
    private static string Json(Outcome outcome)
    {
        var text = new StringWriter();
        ExplanationJson.Write(new JsonTextWriter(text), outcome);
        var json = Newtonsoft.Json.Linq.JToken.Parse(text.ToString());
        foreach (var calculation in json.SelectTokens("$..calculation").OfType<Newtonsoft.Json.Linq.JObject>().ToList())
            calculation.Replace(calculation["value"]!.DeepClone());
        // A condition's sides are shown when they compute something, which folding may have done already.
        foreach (var condition in json.SelectTokens("$..conditions[*]").Concat(json.SelectTokens("$..requirements[*]")).OfType<Newtonsoft.Json.Linq.JObject>())
        {
            condition.Remove("left");
            condition.Remove("right");
        }
        return json.ToString(Formatting.None);
    }

    private static CheckedPolicy Check(string policy)
    {
        var source = policy.StartsWith("construct:", StringComparison.Ordinal)
            ? new SourceText("spec.policy", ConstructPolicies.All.Single(p => p.Name == policy["construct:".Length..]).Source)
            : policy.StartsWith("extra:", StringComparison.Ordinal)
                ? new SourceText("extra.policy", ExtraPolicies.All.Single(p => p.Name == policy["extra:".Length..]).Source)
                : SourceText.FromFile(Path.Combine(RepositoryPaths.Policies, policy));
        var checkedPolicy = Checker.Check(source);
        Assert.False(checkedPolicy.HasErrors, policy);
        return checkedPolicy;
    }
}
