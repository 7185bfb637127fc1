using System.Text;
using Appraisal.Engine.Compilation;
using Appraisal.Engine.Evaluation;
using Appraisal.Engine.Facts;
using Appraisal.Engine.Planning;
using Appraisal.Engine.Values;
using Appraisal.Policy.Diagnostics;
using Appraisal.Policy.Semantics;
using Appraisal.Policy.Text;
using Newtonsoft.Json;

namespace Appraisal.Engine.Tests;

/// <summary>
/// A policy that checks clean evaluates, explains and records in bounded stack and in output that grows with the
/// policy: the checker bounds how deep a derivation nests (PL0302), both tiers stop with a located error rather than
/// overflow a thread's stack, and an explanation shows each rule once and refers back to it.
/// </summary>
public class DeepDerivationTests
{
    /// <summary><c>let l0 = x</c>, <c>let l1 = l0 + 1</c> … <c>output o = l(n-1)</c>: each link nests three steps.</summary>
    private static string Chain(int links)
    {
        var text = new StringBuilder("policy 链\n\ninput { x: number in 0..10 }\n\nlet l0 = x\n");
        for (var i = 1; i < links; i++) text.Append($"let l{i} = l{i - 1} + 1\n");
        return text.Append($"output o: number = l{links - 1}\n").ToString();
    }

    /// <summary>The longest chain the checker accepts (PL0302 counts 2 + 3 per link against its limit of 1,000).</summary>
    private const int LongestChain = (DepthCheck.Limit - 2) / 3 + 1;

    private static PolicyPlan Plan(string text) => Planner.Plan(TestPolicies.Check(text, "chain.policy"));

    private static Value[] Facts(PolicyPlan plan, string json)
    {
        var read = FactReader.Read(plan.Inputs, json);
        Assert.True(read.IsValid);
        return read.Facts!;
    }

    /// <summary>Runs <paramref name="action"/> on a thread with the given stack, the way a host's worker thread would.</summary>
    private static T OnStack<T>(int bytes, Func<T> action)
    {
        T result = default!;
        Exception? error = null;
        var thread = new Thread(() =>
        {
            try { result = action(); }
            catch (Exception e) { error = e; }
        }, bytes);
        thread.Start();
        thread.Join();
        if (error is not null) throw error;
        return result;
    }

    [Fact]
    public void A_chain_just_past_the_limit_is_rejected_at_the_first_rule_past_it()
    {
        var result = Checker.Check(new SourceText("chain.policy", Chain(LongestChain + 1)));
        var error = Assert.Single(result.Diagnostics, d => d.IsError);
        Assert.Equal("PL0302", error.Descriptor.Code);
        Assert.Contains($"'l{LongestChain}'", error.Message());
        Assert.Empty(Checker.Check(new SourceText("chain.policy", Chain(LongestChain))).Diagnostics.Where(d => d.IsError));
    }

    [Fact]
    public void A_chain_of_20000_links_is_one_diagnostic_not_a_crash()
    {
        var result = Checker.Check(new SourceText("chain.policy", Chain(20_000)));
        Assert.Equal("PL0302", Assert.Single(result.Diagnostics).Descriptor.Code);
    }

    [Fact]
    public void The_longest_accepted_chain_evaluates_and_explains_in_both_tiers_on_a_512_KB_stack()
    {
        var plan = Plan(Chain(LongestChain));
        var facts = Facts(plan, """{"x": 1}""");
        using var compiled = CompiledPolicy.Compile(plan);
        Assert.True(compiled.IsCompiled, compiled.FallbackReason);
        const int stack = 512 * 1024; // a third of the 1.5 MB of a .NET worker thread on Linux
        Assert.Equal(LongestChain, OnStack(stack, () => Evaluator.Evaluate(plan, facts)).Outputs[0].Value.AsNumber);
        Assert.Equal(LongestChain, OnStack(stack, () => compiled.Evaluate(facts)).Outputs[0].Value.AsNumber);
        var explained = OnStack(stack, () => Evaluator.Evaluate(plan, facts, new EvaluationOptions { Explain = true }));
        var text = OnStack(stack, () => ExplanationText.Render(explained, Language.Zh));
        var json = OnStack(stack, () => Json(explained));
        Assert.Contains($"l{LongestChain - 1} = {LongestChain}", text);
        Assert.Contains("\"l0\"", json);
    }

    [Fact]
    public void Explanations_grow_with_the_policy_not_with_the_square_of_its_depth()
    {
        var (shortText, shortJson) = Explain(Chain(30));
        var (longText, longJson) = Explain(Chain(300));
        // Ten times the rules: about ten times the text (the indentation no longer grows with the depth).
        Assert.InRange(longText.Length, 8 * shortText.Length, 12 * shortText.Length);
        Assert.InRange(longJson.Length, 8 * shortJson.Length, 12 * shortJson.Length);
        var indentation = longText.Split('\n').Max(line => line.Length - line.TrimStart(' ').Length);
        Assert.True(indentation <= 2 * (ExplanationText.MaxNesting + 1), $"indented {indentation} spaces");
    }

    [Fact]
    public void A_rule_nested_deeper_than_the_text_shows_inline_is_shown_after_its_output_once()
    {
        var (text, _) = Explain(Chain(40));
        var lines = text.Split('\n');
        for (var i = 0; i < 40; i++)
        {
            // Shown once in full (with where it is written), and referred to from the rule that reads it.
            Assert.Single(lines, l => l.TrimStart().StartsWith($"l{i} = {i + 3}    〔", StringComparison.Ordinal));
        }
        Assert.Contains(lines, l => l.EndsWith("（见下）", StringComparison.Ordinal));
    }

    [Fact]
    public void A_rule_read_by_many_rules_is_explained_once_and_referred_to()
    {
        var text = new StringBuilder("policy 扇入\n\ninput { x: number in 0..10 }\n\nlet 基数 = x * 2\n");
        for (var i = 0; i < 200; i++) text.Append($"let a{i} = 基数 + {i}\n");
        text.Append("output o: number = a0");
        for (var i = 1; i < 200; i++) text.Append($" + a{i}");
        text.Append('\n');
        var (explanation, json) = Explain(text.ToString());
        var lines = explanation.Split('\n');
        Assert.Single(lines, l => l.TrimStart().StartsWith("基数 = 6    〔", StringComparison.Ordinal));
        Assert.Equal(199, lines.Count(l => l.TrimStart() == "基数 = 6（见上）"));
        Assert.Single(JsonConvert.DeserializeObject<Newtonsoft.Json.Linq.JObject>(json)!["rules"]!.Children(), r => ((Newtonsoft.Json.Linq.JProperty)r).Name == "基数");
    }

    [Fact]
    public void A_stack_too_small_for_the_policy_is_a_located_error_in_both_tiers_not_a_crash()
    {
        var plan = Plan(Chain(LongestChain));
        var facts = Facts(plan, """{"x": 1}""");
        using var compiled = CompiledPolicy.Compile(plan);
        Assert.True(compiled.IsCompiled, compiled.FallbackReason);
        // The runtime keeps 128 KB of a stack in reserve, so 152 KB leaves too little for this chain.
        foreach (var evaluate in new Func<Outcome>[] { () => Evaluator.Evaluate(plan, facts), () => compiled.Evaluate(facts) })
        {
            var error = Assert.Throws<EvaluationException>(() => OnStack(152 * 1024, evaluate));
            Assert.Equal(EvaluationErrorKind.BudgetExceeded, error.Kind);
            Assert.Matches("^'l[0-9]+' is derived too deeply for the stack this evaluation runs on$", error.Message);
        }
    }

    private static (string Text, string Json) Explain(string policy)
    {
        var plan = Plan(policy);
        var outcome = Evaluator.Evaluate(plan, Facts(plan, """{"x": 3}"""), new EvaluationOptions { Explain = true });
        return (ExplanationText.Render(outcome, Language.Zh), Json(outcome));
    }

    private static string Json(Outcome outcome)
    {
        var writer = new StringWriter();
        ExplanationJson.Write(new JsonTextWriter(writer), outcome);
        return writer.ToString();
    }
}
