using System.Runtime.CompilerServices;
using Appraisal.Engine.Planning;
using Appraisal.Engine.Values;
using Appraisal.Policy.Text;

namespace Appraisal.Engine.Evaluation;

/// <summary>
/// The state of one evaluation: the facts, each rule's value once computed, local variables, the period and
/// earlier periods, the cost spent, and the tracer when an explanation was asked for.
/// </summary>
public sealed class Activation
{
    private const byte Pending = 0, Computing = 1, Done = 2;

    private readonly PolicyPlan? _plan;
    private readonly Value[] _rules;
    private readonly byte[] _state;
    private Value[]? _earlier;

    internal Activation(PolicyPlan? plan, Value[] facts, PeriodValue? period, IReadOnlyList<EarlierPeriod> history, long budget, ITracer? tracer)
        : this(plan, facts, period, history, budget, tracer, plan?.LocalCount ?? 0)
    {
    }

    private Activation(PolicyPlan? plan, Value[] facts, PeriodValue? period, IReadOnlyList<EarlierPeriod> history, long budget, ITracer? tracer,
        int localCount)
    {
        _plan = plan;
        Facts = facts;
        Period = period;
        History = history;
        Budget = budget;
        Tracer = tracer;
        _rules = new Value[plan?.Rules.Length ?? 0];
        _state = new byte[plan?.Rules.Length ?? 0];
        Locals = new Value[localCount];
    }

    /// <summary>
    /// An activation over facts alone, for the constraints on inputs (<see cref="Facts.InputConstraint"/>): they read
    /// inputs, constants and their own aggregation variables, no rule, period or earlier period.
    /// </summary>
    internal static Activation ForFacts(Value[] facts, int localCount) =>
        new(null, facts, null, [], EvaluationOptions.Default.Budget, null, localCount);

    /// <summary>
    /// An activation with nothing in it: no plan, facts, rules, locals, period or history, and no tracer. Constant
    /// folding evaluates on it the nodes that read none of these (<see cref="ConstantFolding.CanFold"/>).
    /// </summary>
    internal static Activation ForConstants() => new(null, [], null, [], long.MaxValue, null);

    private Activation(Activation of)
    {
        _plan = of._plan;
        _rules = of._rules;
        _state = of._state;
        _earlier = of._earlier;
        Facts = of.Facts;
        Period = of.Period;
        History = of.History;
        Budget = long.MaxValue;
        Locals = (Value[])of.Locals.Clone();
    }

    /// <summary>
    /// An activation over the same facts and computed rules that records nothing and spends no budget, for an
    /// explanation to evaluate again, with the evaluator's own nodes, the parts of an expression it shows
    /// (<see cref="Calculation"/>). It is only asked for parts that were evaluated already, so it computes no rule anew.
    /// </summary>
    internal Activation Quiet() => new(this);

    public Value[] Facts { get; }
    public Value[] Locals { get; }
    public PeriodValue? Period { get; }
    public IReadOnlyList<EarlierPeriod> History { get; }
    public ITracer? Tracer { get; }
    public long Budget { get; }
    public long Spent { get; private set; }

    /// <summary>The value of rule <paramref name="slot"/>, computed on first use.</summary>
    public Value Rule(int slot)
    {
        if (_state[slot] == Done)
        {
            Tracer?.Reused(_plan!.Rules[slot]);
            return _rules[slot];
        }
        var rule = _plan!.Rules[slot];
        if (_state[slot] == Computing) throw DependsOnItself(rule);
        if (++_depth > UnguardedDepth) EnsureStack(rule);
        _state[slot] = Computing;
        Tracer?.Enter(rule);
        var value = rule.Compute(this);
        _rules[slot] = value;
        _state[slot] = Done;
        _depth--; // not restored when Compute throws: the evaluation ends there
        Tracer?.Exit(rule, value, this);
        return value;
    }

    /// <summary>
    /// How many rules may be computed one inside another before each further one checks the stack. Within the
    /// checker's depth limit (PL0302) that many use a few hundred KB at most, far inside any thread's stack; the
    /// check costs a few nanoseconds, so the usual shallow evaluation never pays it.
    /// </summary>
    public const int UnguardedDepth = 16;

    private int _depth;

    /// <summary>
    /// Ends an evaluation nested too deeply for the stack of the thread it runs on with a located error, before the
    /// runtime would end the process. The checker keeps every checked policy far from this (PL0302 bounds the depth
    /// of a derivation); this guards a host that evaluates on a thread with an unusually small stack.
    /// </summary>
    public static void EnsureStack(RulePlan rule)
    {
        if (!RuntimeHelpers.TryEnsureSufficientExecutionStack()) throw TooDeep(rule);
    }

    public static EvaluationException TooDeep(RulePlan rule) => new(EvaluationErrorKind.BudgetExceeded, rule.Declaration.Name.Span,
        $"'{rule.Name}' is derived too deeply for the stack this evaluation runs on",
        $"'{rule.Name}' 的推导层数超出了本次计算可用的栈空间");

    public static InvalidOperationException DependsOnItself(RulePlan rule) =>
        new($"internal error: '{rule.Name}' depends on itself; the checker should have reported it");

    /// <summary>Sets a rule's value from outside (population rules computed over a group).</summary>
    /// <summary>Sets a rule's value decided over the group; <paramref name="placement"/> (only built when tracing) says why.</summary>
    internal void Preset(int slot, Value value, PopulationPlacement? placement)
    {
        _rules[slot] = value;
        _state[slot] = Done;
        if (placement is not null) Tracer?.PopulationResult((PopulationRule)_plan!.Rules[slot], value, placement);
    }

    internal bool IsComputed(int slot) => _state[slot] == Done;

    /// <summary>While an escalation folds over earlier periods: the outputs of the period being looked at.</summary>
    internal void LookAt(Value[]? outputs) => _earlier = outputs;

    public Value EarlierOutput(int output, EvalEarlierOutput node) => node.From(_earlier);

    /// <summary>Counts work against the budget; aggregations and tables call it with their size.</summary>
    public void Spend(long units, TextSpan span)
    {
        Spent += units + 1;
        if (Spent > Budget) throw BudgetExceeded(Budget, span);
    }

    public static EvaluationException BudgetExceeded(long budget, TextSpan span) =>
        new(EvaluationErrorKind.BudgetExceeded, span,
            $"the evaluation needs more than its cost budget of {budget} steps", $"本次计算超出了 {budget} 步的成本预算");
}
