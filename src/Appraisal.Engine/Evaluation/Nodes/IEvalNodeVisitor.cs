using Appraisal.Engine.Planning;

namespace Appraisal.Engine.Evaluation;

/// <summary>
/// One method per kind of evaluation node. Whatever walks the evaluation tree by kind of node (the C# generator) implements
/// it, so a new kind of node is a build error there until it is handled, never a silent fall-back at run time.
/// </summary>
public interface IEvalNodeVisitor<out T>
{
    T Visit(EvalConst node);
    T Visit(EvalInput node);
    T Visit(EvalLocal node);
    T Visit(EvalRule node);
    T Visit(EvalEarlierOutput node);
    T Visit(EvalDatedParameter node);
    T Visit(EvalNegate node);
    T Visit(EvalNot node);
    T Visit(EvalArithmetic node);
    T Visit(EvalDateArithmetic node);
    T Visit(EvalCompare node);
    T Visit(EvalAnd node);
    T Visit(EvalOr node);
    T Visit(EvalIf node);
    T Visit(EvalInRange node);
    T Visit(EvalField node);
    T Visit(EvalList node);
    T Visit(EvalBuiltIn node);
    T Visit(EvalAggregate node);
    T Visit(EvalTableCall node);
    T Visit(EvalExceptions node);
}
