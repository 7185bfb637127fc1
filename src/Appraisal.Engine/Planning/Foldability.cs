using Appraisal.Engine.Evaluation;

namespace Appraisal.Engine.Planning;

/// <summary>
/// Whether a planned node can be replaced by its value while planning: it reads nothing of an evaluation itself (no
/// fact, rule, local variable, period, earlier period or budget, and records nothing for an explanation) and every
/// node it evaluates is already a constant. Folding is bottom-up, so that is exactly "depends on nothing": a node whose
/// operand could not be folded (it fails, say a division by zero) is not folded either, and the runtime reports the
/// fault where it is. A new kind of node is a build error here until it says whether it can be folded.
/// </summary>
internal sealed class Foldability : IEvalNodeVisitor<bool>
{
    public static readonly Foldability Instance = new();

    private Foldability()
    {
    }

    private static bool Constant(EvalNode node) => node is EvalConst;

    public bool Visit(EvalConst node) => true;
    public bool Visit(EvalInput node) => false;
    public bool Visit(EvalLocal node) => false;
    public bool Visit(EvalRule node) => false;
    public bool Visit(EvalEarlierOutput node) => false;
    public bool Visit(EvalDatedParameter node) => false; // its value depends on the appraised period
    public bool Visit(EvalNegate node) => Constant(node.Operand);
    public bool Visit(EvalNot node) => Constant(node.Operand);
    public bool Visit(EvalArithmetic node) => Constant(node.Left) && Constant(node.Right);
    public bool Visit(EvalDateArithmetic node) => Constant(node.Left) && Constant(node.Right);
    public bool Visit(EvalCompare node) => Constant(node.Left) && Constant(node.Right);
    public bool Visit(EvalAnd node) => Constant(node.Left) && Constant(node.Right);
    public bool Visit(EvalOr node) => Constant(node.Left) && Constant(node.Right);
    public bool Visit(EvalIf node) => Constant(node.Condition) && Constant(node.Then) && Constant(node.Else);
    public bool Visit(EvalInRange node) => Constant(node.Operand) && Constant(node.Low) && Constant(node.High);
    public bool Visit(EvalField node) => Constant(node.Target);
    public bool Visit(EvalList node) => node.Items.All(Constant);
    public bool Visit(EvalBuiltIn node) => node.Arguments.All(Constant);
    public bool Visit(EvalAggregate node) => false; // binds a local and spends the budget for its items
    public bool Visit(EvalTableCall node) => false; // spends the budget and records the row that matched
    public bool Visit(EvalExceptions node) => false; // records which exception applied
}
