using Appraisal.Engine.Evaluation;
using Appraisal.Engine.Facts;
using Appraisal.Engine.Planning;
using Appraisal.Engine.Values;
using Appraisal.Policy.Semantics;
using Appraisal.Policy.Syntax;

namespace Appraisal.Engine.Testing;

/// <summary>Runs the tests written beside the rules: given facts (one member, or several for a group) → expected outputs.</summary>
public static class PolicyTestRunner
{
    /// <summary>The tests written in the policy, in the order written.</summary>
    public static IReadOnlyList<TestDecl> Tests(PolicyPlan plan) => plan.Source.File.Declarations.OfType<TestDecl>().ToList();

    public static IReadOnlyList<PolicyTestResult> Run(PolicyPlan plan, bool explain = false, SingleEvaluator? evaluate = null) =>
        plan.Source.File.Declarations.OfType<TestDecl>().Select(t => Run(plan, t, explain, evaluate)).ToList();

    /// <summary>Evaluates one member; the tree evaluator by default, or another tier (the compiled one) for its tests.</summary>
    public delegate Outcome SingleEvaluator(Value[] facts, EvaluationOptions options);

    public static PolicyTestResult Run(PolicyPlan plan, TestDecl test, bool explain = false, SingleEvaluator? evaluate = null)
    {
        var model = plan.Source.Model;
        var constants = new ConstantFolding(model);
        var period = test.Clauses.OfType<TestPeriod>().Select(p => (PeriodValue?)new PeriodValue(p.Period.Kind, p.Period.Year, p.Period.Index)).FirstOrDefault()
            ?? DefaultPeriod(plan);
        var history = test.Clauses.OfType<TestHistory>()
            .Select(h => new EarlierPeriod(new PeriodValue(h.Period.Kind, h.Period.Year, h.Period.Index), Outputs(plan, h.Outputs, constants)))
            .ToList();
        var givens = test.Clauses.OfType<TestGiven>().ToList();
        var options = new EvaluationOptions { Period = period, History = history, Explain = explain };
        try
        {
            var members = givens.Select(g => Facts(plan, g.Facts, constants)).ToList();
            if (Rejected(plan, test, givens, members) is { } rejected) return rejected;
            var outcomes = members.Count == 1 && !plan.PopulationRules.Any()
                ? new[] { evaluate is null ? Evaluator.Evaluate(plan, members[0], options) : evaluate(members[0], options) }
                : Evaluator.EvaluateGroup(plan, members, options);
            var mismatches = new List<OutputMismatch>();
            foreach (var expect in test.Clauses.OfType<TestExpect>())
            {
                var index = expect.Subject is null ? 0 : givens.FindIndex(g => g.Subject == expect.Subject);
                if (index < 0 || index >= outcomes.Count) continue;
                foreach (var field in expect.Outputs.Fields)
                {
                    var output = plan.Outputs[plan.OutputIndex[field.Name.Text]];
                    var expected = InputSchema.Constant(field.Value, output.Type, model, constants);
                    var actual = outcomes[index][output.Name];
                    if (!expected.Equals(actual)) mismatches.Add(new OutputMismatch(output.Name, output.Type, expected, actual));
                }
            }
            return new PolicyTestResult(test, mismatches, null, outcomes);
        }
        catch (EvaluationException error)
        {
            return new PolicyTestResult(test, [], error, []);
        }
    }

    /// <summary>
    /// When the test expects a constraint on inputs to reject its facts, or one does: the result, with no evaluation
    /// (rejected facts never reach the rules). Null when the facts keep every constraint and none was expected to break.
    /// </summary>
    private static PolicyTestResult? Rejected(PolicyPlan plan, TestDecl test, List<TestGiven> givens, List<Value[]> members)
    {
        var broken = members.SelectMany((facts, i) => plan.Inputs.Broken(facts).Select(b => (Member: i, b.Constraint.Name, b.Error))).ToList();
        var expected = test.Clauses.OfType<TestViolated>().ToList();
        if (broken.Count == 0 && expected.Count == 0) return null;
        string? Subject(int member) => givens.Count > 1 ? givens[member].Subject : null;
        var mismatches = new List<ConstraintMismatch>();
        foreach (var violated in expected)
        {
            var member = violated.Subject is null ? -1 : givens.FindIndex(g => g.Subject == violated.Subject);
            if (!broken.Any(b => b.Name == violated.Constraint.Text && (member < 0 || b.Member == member)))
                mismatches.Add(new ConstraintMismatch(violated.Subject, violated.Constraint.Text, null));
        }
        foreach (var (member, name, error) in broken)
        {
            if (!expected.Any(v => v.Constraint.Text == name && (v.Subject is null || v.Subject == givens[member].Subject)))
                mismatches.Add(new ConstraintMismatch(Subject(member), name, error));
        }
        return new PolicyTestResult(test, [], null, [])
        {
            ConstraintMismatches = mismatches,
            Rejections = [.. broken.Select(b => b.Error)],
        };
    }

    /// <summary>
    /// The facts of each <c>given</c> of a test as the runner evaluates them (defaults applied), in order, with the
    /// period it appraises: for hosts and tests that evaluate a policy's own cases another way (e.g. as JSON facts).
    /// </summary>
    public static (IReadOnlyList<Value[]> Members, PeriodValue? Period) Givens(PolicyPlan plan, TestDecl test)
    {
        var constants = new ConstantFolding(plan.Source.Model);
        var period = test.Clauses.OfType<TestPeriod>().Select(p => (PeriodValue?)new PeriodValue(p.Period.Kind, p.Period.Year, p.Period.Index)).FirstOrDefault()
            ?? DefaultPeriod(plan);
        return (test.Clauses.OfType<TestGiven>().Select(g => Facts(plan, g.Facts, constants)).ToList(), period);
    }

    /// <summary>Without a <c>period</c> clause a test appraises the period that contains the policy's effective date.</summary>
    private static PeriodValue? DefaultPeriod(PolicyPlan plan)
    {
        if (plan.PeriodKind is not { } kind || plan.Source.File.Effective is not { } date) return null;
        var index = kind switch
        {
            PeriodKind.Month => date.Month,
            PeriodKind.Quarter => (date.Month - 1) / 3 + 1,
            PeriodKind.Half => (date.Month - 1) / 6 + 1,
            _ => 1,
        };
        return new PeriodValue(kind, date.Year, index);
    }

    private static Value[] Facts(PolicyPlan plan, RecordExpr given, ConstantFolding constants)
    {
        var facts = new Value[plan.Inputs.Fields.Length];
        foreach (var field in plan.Inputs.Fields)
        {
            var written = given.Fields.FirstOrDefault(f => f.Name.Text == field.Name);
            facts[field.Slot] = written is not null
                ? InputSchema.Constant(written.Value, field.Type, plan.Source.Model, constants)
                : field.Default ?? Value.Missing;
        }
        return facts;
    }

    private static Value[] Outputs(PolicyPlan plan, RecordExpr record, ConstantFolding constants)
    {
        var outputs = new Value[plan.Outputs.Length];
        foreach (var field in record.Fields)
        {
            if (!plan.OutputIndex.TryGetValue(field.Name.Text, out var index)) continue;
            outputs[index] = InputSchema.Constant(field.Value, plan.Outputs[index].Type, plan.Source.Model, constants);
        }
        return outputs;
    }
}
