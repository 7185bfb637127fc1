using Appraisal.Engine.Evaluation;
using Appraisal.Engine.Values;
using Appraisal.Policy.Semantics;
using Appraisal.Policy.Syntax;

namespace Appraisal.Engine.Planning;

/// <summary>
/// Constants known before any fact arrives, computed by the tree evaluator itself: an expression is planned like any
/// other, and a planned node that depends on nothing (<see cref="Foldability"/>) is evaluated with its own
/// <see cref="EvalNode.Eval"/> on an empty activation. There is no second evaluator in the engine to disagree with the
/// tiers: a folded value has exactly the value, scale and unit the tree computes at run time. The planner folds this
/// way; input defaults and ranges (<see cref="Facts.InputSchema"/>) and the facts and expectations written in tests
/// (<see cref="Testing.PolicyTestRunner"/>) are computed by an instance of this class.
/// <para>
/// The checker's <see cref="ConstantEvaluator"/> is for its diagnostics only; it shares <see cref="Literals"/> and
/// <see cref="Arithmetic"/> with the tree, so the numbers it checks are the numbers the engine computes.
/// </para>
/// </summary>
public sealed class ConstantFolding
{
    private readonly Planner _planner;

    /// <summary>Constants of a checked policy (one without errors).</summary>
    public ConstantFolding(SemanticModel model) => _planner = Planner.ForConstants(model);

    /// <summary>
    /// The value of a constant expression written in the policy (a default, a range bound, a test's fact or expected
    /// output): literals, enum members, parameters and operations on them. A parameter with dated values stands for
    /// the value the checker checked it with (its default, else its first dated value). An enum value takes
    /// <paramref name="type"/> when that is an enum.
    /// </summary>
    public Value Value(Expr expr, PolicyType type)
    {
        var value = _planner.ConstantValue(expr);
        return value.Kind == ValueKind.Enum && type is EnumType enumType ? Values.Value.Of(enumType, value.EnumIndex) : value;
    }

    /// <summary>The number a constant expression stands for; null when <paramref name="expr"/> is null.</summary>
    public decimal? Number(Expr? expr) => expr is null ? null : _planner.ConstantValue(expr).AsNumber;

    /// <summary>Whether <paramref name="node"/> reads nothing of an evaluation and its operands are constants.</summary>
    public static bool CanFold(EvalNode node) => node.Accept(Foldability.Instance);

    /// <summary>
    /// Evaluates a node that <see cref="CanFold"/> with the tree evaluator's own evaluation. False when the evaluation
    /// fails (an overflow, a division by zero, a bad precision, a date out of range): the node is then left as it is,
    /// for the runtime to report the fault with its location as it would without folding.
    /// </summary>
    public static bool TryEvaluate(EvalNode node, out Value value)
    {
        try
        {
            value = node.Eval(Activation.ForConstants());
            return true;
        }
        catch (EvaluationException)
        {
            value = default;
            return false;
        }
    }
}
