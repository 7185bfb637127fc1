using System.Collections.Concurrent;
using System.Text;
using Appraisal.Engine.Compilation;
using Appraisal.Engine.Evaluation;
using Appraisal.Engine.Planning;
using Appraisal.Engine.Statements;
using Appraisal.Engine.Testing;
using Appraisal.Engine.Tests.Compilation;
using Appraisal.Engine.Values;
using Appraisal.Policy.Diagnostics;
using Appraisal.Policy.Semantics;
using Appraisal.Policy.Text;
using Newtonsoft.Json;
using Xunit.Abstractions;

namespace Appraisal.Engine.Tests.Robustness;

/// <summary>
/// A policy that checks clean never crashes anything: generated and mutated policies (<see cref="RandomPolicies"/>)
/// are checked, and each that checks clean is planned and evaluated on random facts — on the tree evaluator with and
/// without an explanation (rendered as text in both languages and as JSON), over a group when it has population
/// rules, and every <see cref="CompileEvery"/>th policy on the compiled tier as well; the policy's own tests run too,
/// with coverage. Only located evaluation errors
/// may come out; asking for an explanation changes no outcome; the compiled tier agrees with the tree; explanations
/// stay linear in the policy's size. The seed comes from the commit (<see cref="FuzzSettings"/>); a failure names
/// the case to run alone with <c>FUZZ_SEED</c> and <c>FUZZ_CASE</c>.
/// </summary>
public class EvaluationFuzzTests(ITestOutputHelper output)
{
    private const int DefaultCount = 10_000;
    private const int FactSets = 3;
    private const int CompileEvery = 500;

    [Fact]
    public void Every_policy_that_checks_clean_evaluates_and_explains_without_crashing()
    {
        var seed = FuzzSettings.Seed;
        var count = FuzzSettings.Count(DefaultCount);
        var only = FuzzSettings.Case;
        var reproduce = $"FUZZ_SEED={seed} FUZZ_COUNT={count}";
        output.WriteLine(reproduce);
        Console.Error.WriteLine($"EvaluationFuzzTests: {reproduce}"); // still visible if the test host dies

        var failures = new ConcurrentBag<(int Index, string Description, string Text, string Problem)>();
        var (evaluated, rejected, compiled, errors) = (0, 0, 0, 0);
        var kinds = new ConcurrentDictionary<string, int>();
        var milliseconds = new ConcurrentDictionary<string, double>();
        var cases = only is { } single ? [single] : Enumerable.Range(0, count);
        Parallel.ForEach(cases, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, (index, loop) =>
        {
            var (description, text) = RandomPolicies.Case(seed, index);
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            string? problem;
            try
            {
                problem = Problem(index, text, ref evaluated, ref rejected, ref compiled, ref errors, kinds);
            }
            catch (Exception e)
            {
                problem = $"{e.GetType().Name}: {e.Message}\n{e.StackTrace}";
            }
            var kind = new string(description.TakeWhile(c => c != ',' && !char.IsAsciiDigit(c)).ToArray()).Trim();
            milliseconds.AddOrUpdate(kind, System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds, (_, t) => t + System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            if (problem is null) return;
            failures.Add((index, description, text, problem));
            if (failures.Count >= 5) loop.Stop();
        });
        output.WriteLine($"{count} cases: {evaluated} checked clean and were evaluated ({compiled} also compiled), {rejected} rejected by the checker; "
            + $"{errors} evaluations ended in a located error");
        foreach (var (kind, n) in kinds.OrderByDescending(k => k.Value).Take(12)) output.WriteLine($"  {n} × {kind}");
        output.WriteLine("time by kind of case: " + string.Join(", ", milliseconds.OrderByDescending(m => m.Value).Select(m => $"{m.Key} {m.Value / 1000:0.0} s")));
        if (failures.IsEmpty)
        {
            if (only is null) Assert.True(evaluated >= count / 2, $"only {evaluated} of {count} cases checked clean: the generator needs mending");
            return;
        }
        var first = failures.MinBy(f => f.Index);
        var saved = Path.Combine(Path.GetTempPath(), $"eval-fuzz-{seed}-{first.Index}.policy");
        File.WriteAllText(saved, first.Text, new UTF8Encoding(false));
        Assert.Fail($"""
            {failures.Count} fuzz case(s) failed; the first is case {first.Index} ({reproduce} FUZZ_CASE={first.Index}).
            Problem: {first.Problem}
            Made by: {first.Description}
            The policy ({first.Text.Length} characters): {saved}
            Other failing cases: {string.Join(", ", failures.Select(f => f.Index).Order().Skip(1))}
            """);
    }

    private static string? Problem(int index, string text, ref int evaluated, ref int rejected, ref int compiledCount, ref int errors,
        ConcurrentDictionary<string, int> kinds)
    {
        var checkedPolicy = Checker.Check(new SourceText("fuzz.policy", text));
        if (checkedPolicy.HasErrors)
        {
            Interlocked.Increment(ref rejected);
            foreach (var d in checkedPolicy.Diagnostics.Where(d => d.IsError).DistinctBy(d => d.Code))
                kinds.AddOrUpdate("rejected: " + d.Code + " " + (System.Environment.GetEnvironmentVariable("FUZZ_VERBOSE") is null ? "" : d.Message() + " | " + text.Substring(d.Span.Start, Math.Min(60, text.Length - d.Span.Start)).Split('\n')[0]), 1, (_, n) => n + 1);
            return null;
        }
        Interlocked.Increment(ref evaluated);
        var plan = Planner.Plan(checkedPolicy);
        using var compiled = index % CompileEvery == 0 ? CompiledPolicy.Compile(plan) : null;
        if (compiled is not null)
        {
            if (compiled.FallbackReason is { } reason) return "the compiled tier fell back to the tree: " + reason;
            Interlocked.Increment(ref compiledCount);
        }
        // The policy's own tests, with coverage, as `policy test --coverage` and the service's load run them.
        var tests = PolicyTestRunner.Run(plan, explain: true);
        Coverage.Of(plan, tests.SelectMany(t => t.Outcomes));
        var random = new RandomFacts(plan, index);
        var group = plan.PopulationRules.Any();
        for (var i = 0; i < FactSets; i++)
        {
            var options = random.Options();
            if (group)
            {
                var members = Enumerable.Range(0, 1 + i * 3).Select(_ => random.Facts()).ToList();
                var plain = Run(() => Evaluator.EvaluateGroup(plan, members, options));
                var explained = Run(() => Evaluator.EvaluateGroup(plan, members, options with { Explain = true }));
                if (Compare(plain, explained, "group without and with an explanation") is { } difference) return difference;
                if (Explanations(explained.Outcomes, text) is { } bad) return bad;
                if (compiled is not null && Compare(plain, Run(() => compiled.EvaluateGroup(members, options)), "group on the tree and compiled") is { } d)
                    return d;
                Count(plain, ref errors, kinds);
            }
            else
            {
                var facts = random.Facts();
                var plain = Run(() => [Evaluator.Evaluate(plan, facts, options)]);
                var explained = Run(() => [Evaluator.Evaluate(plan, facts, options with { Explain = true })]);
                if (Compare(plain, explained, "without and with an explanation") is { } difference) return difference;
                if (Explanations(explained.Outcomes, text) is { } bad) return bad;
                if (compiled is not null && Compare(plain, Run(() => [compiled.Evaluate(facts, options)]), "on the tree and compiled") is { } d)
                    return d;
                Count(plain, ref errors, kinds);
            }
        }
        return null;
    }

    private static void Count(Result result, ref int errors, ConcurrentDictionary<string, int> kinds)
    {
        if (result.Error is null) return;
        Interlocked.Increment(ref errors);
        kinds.AddOrUpdate("error: " + result.Error.Kind, 1, (_, n) => n + 1);
    }

    private readonly record struct Result(IReadOnlyList<Outcome>? Outcomes, EvaluationException? Error);

    /// <summary>Anything but a located evaluation error escapes: that is a crash, and fails the case.</summary>
    private static Result Run(Func<IReadOnlyList<Outcome>> evaluate)
    {
        try
        {
            return new Result(evaluate(), null);
        }
        catch (EvaluationException error)
        {
            Assert.True(error.Span.Start >= 0 && error.Span.End <= error.Span.Source.Text.Length, $"error outside the policy: {error}");
            return new Result(null, error);
        }
    }

    private static string? Compare(Result expected, Result actual, string what)
    {
        if (expected.Error is not null || actual.Error is not null)
        {
            if (expected.Error?.Message == actual.Error?.Message && expected.Error?.Span == actual.Error?.Span && expected.Error?.Kind == actual.Error?.Kind)
                return null;
            return $"{what} differ: {expected.Error?.ToString() ?? "no error"} against {actual.Error?.ToString() ?? "no error"}";
        }
        for (var m = 0; m < expected.Outcomes!.Count; m++)
        {
            for (var o = 0; o < expected.Outcomes[m].Outputs.Count; o++)
            {
                var (e, a) = (expected.Outcomes[m].Outputs[o], actual.Outcomes![m].Outputs[o]);
                if (!e.Value.Equals(a.Value) || e.Value.ToString() != a.Value.ToString())
                    return $"{what} differ: member {m}, output {e.Name}: {e.Value} against {a.Value}";
            }
        }
        return null;
    }

    /// <summary>Every explanation renders in both languages, as JSON and as a statement page, in size linear in the policy's.</summary>
    private static string? Explanations(IReadOnlyList<Outcome>? outcomes, string policy)
    {
        if (outcomes is null) return null;
        var bound = 20_000 + 60 * policy.Length;
        foreach (var outcome in outcomes)
        {
            var zh = ExplanationText.Render(outcome, Language.Zh);
            var en = ExplanationText.Render(outcome, Language.En);
            var json = new StringWriter();
            ExplanationJson.Write(new JsonTextWriter(json), outcome);
            var longest = Math.Max(zh.Length, Math.Max(en.Length, json.GetStringBuilder().Length));
            if (longest > bound) return $"an explanation of {longest} characters for a policy of {policy.Length}";
            // The statement page holds the text explanation's lines and each rule's details once, escaped, with its style sheet.
            var page = Statement.Render(outcome, new StatementContext(), Language.Zh);
            if (page.Length > 3 * bound + 16_000) return $"a statement of {page.Length} characters for a policy of {policy.Length}";
        }
        return null;
    }
}
