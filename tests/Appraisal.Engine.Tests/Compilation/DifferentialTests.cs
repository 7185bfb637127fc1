using Appraisal.Engine.Compilation;
using Appraisal.Engine.Evaluation;
using Appraisal.Engine.Planning;
using Appraisal.Engine.Values;
using Appraisal.Policy.Semantics;
using Appraisal.Policy.Text;
using Xunit.Abstractions;

namespace Appraisal.Engine.Tests.Compilation;

/// <summary>
/// The compiled tier against the tree evaluator on random facts: for every policy in policies/ and every policy of
/// <see cref="ConstructTests"/>, 10,000 fact sets each must give identical outputs (equal values and the same decimal
/// text, so 700.00 is not 700) or the same error (type, kind, message in both languages, location).
/// </summary>
public class DifferentialTests(ITestOutputHelper output)
{
    private const int Cases = 10_000;

    public static TheoryData<string> Policies()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.EnumerateFiles(RepositoryPaths.Policies, "*.policy", SearchOption.AllDirectories).Order())
            data.Add(Path.GetRelativePath(RepositoryPaths.Policies, file));
        foreach (var (name, _) in ConstructPolicies.All) data.Add("construct:" + name);
        foreach (var (name, _) in ExtraPolicies.All) data.Add("extra:" + name);
        return data;
    }

    internal static PolicyPlan Load(string policy)
    {
        var source = policy.StartsWith("construct:", StringComparison.Ordinal)
            ? new SourceText("spec.policy", ConstructPolicies.All.Single(p => p.Name == policy["construct:".Length..]).Source)
            : policy.StartsWith("extra:", StringComparison.Ordinal)
                ? new SourceText("extra.policy", ExtraPolicies.All.Single(p => p.Name == policy["extra:".Length..]).Source)
                : SourceText.FromFile(Path.Combine(RepositoryPaths.Policies, policy));
        var checkedPolicy = Checker.Check(source);
        Assert.False(checkedPolicy.HasErrors, policy);
        return Planner.Plan(checkedPolicy);
    }

    [Theory]
    [MemberData(nameof(Policies))]
    public void Compiled_and_tree_agree_on_random_facts(string policy)
    {
        var plan = Load(policy);
        using var compiled = CompiledPolicy.Compile(plan);
        Assert.Null(compiled.FallbackReason);
        var random = new RandomFacts(plan, seed: 20261123);
        var errors = new Dictionary<string, int>();
        for (var i = 0; i < Cases; i++)
        {
            var facts = random.Facts();
            var options = random.Options();
            var expected = Run(() => Evaluator.Evaluate(plan, facts, options));
            var actual = Run(() => compiled.Evaluate(facts, options));
            var difference = Difference(expected, actual);
            if (difference is not null)
                Assert.Fail($"case {i}: {difference}\nfacts: {string.Join(", ", plan.Inputs.Fields.Select(f => $"{f.Name} = {facts[f.Slot]}"))}"
                    + $"\nperiod: {options.Period}, history: {options.History.Count}, budget: {options.Budget}");
            if (expected.Error is { } error) errors[error.Message] = errors.GetValueOrDefault(error.Message) + 1;
        }
        output.WriteLine($"{Cases} cases, {errors.Values.Sum()} of them errors on both tiers");
        foreach (var (message, count) in errors.OrderByDescending(e => e.Value).Take(8)) output.WriteLine($"  {count} × {message}");
    }

    internal readonly record struct Result(IReadOnlyList<OutputValue>? Outputs, Exception? Error);

    internal static Result Run(Func<Outcome> evaluate)
    {
        try
        {
            return new Result(evaluate().Outputs, null);
        }
        catch (Exception error)
        {
            return new Result(null, error);
        }
    }

    internal static string? Difference(Result expected, Result actual)
    {
        if (expected.Error is not null || actual.Error is not null)
        {
            if (expected.Error is null || actual.Error is null)
                return $"tree: {expected.Error?.ToString() ?? "no error"}; compiled: {actual.Error?.ToString() ?? "no error"}";
            if (expected.Error.GetType() != actual.Error.GetType() || expected.Error.Message != actual.Error.Message)
                return $"tree: {expected.Error.GetType().Name} {expected.Error.Message}; compiled: {actual.Error.GetType().Name} {actual.Error.Message}";
            if (expected.Error is EvaluationException e && actual.Error is EvaluationException a
                && (e.Kind != a.Kind || e.MessageZh != a.MessageZh || e.Span != a.Span))
                return $"tree: {e.Kind} {e} {e.MessageZh}; compiled: {a.Kind} {a} {a.MessageZh}";
            return null;
        }
        for (var i = 0; i < expected.Outputs!.Count; i++)
        {
            var (e, a) = (expected.Outputs[i], actual.Outputs![i]);
            if (e.Name != a.Name || !e.Value.Equals(a.Value) || e.Value.ToString() != a.Value.ToString())
                return $"output {e.Name}: tree {e.Value}, compiled {a.Value}";
        }
        return expected.Outputs.Count == actual.Outputs!.Count ? null : "different number of outputs";
    }
}
