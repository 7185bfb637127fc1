using System.Collections.Immutable;
using Appraisal.Engine.Evaluation;
using Appraisal.Engine.Values;

namespace Appraisal.Engine.Facts;

/// <summary>
/// A <c>constraint</c> that reads inputs: checked on every fact set as it is read, before any rule, so facts that
/// break it are rejected like facts outside a declared range — a fact error naming the inputs, never an outcome.
/// </summary>
/// <param name="Name">The constraint's name.</param>
/// <param name="Text">The condition as written.</param>
/// <param name="Message">The constraint's own message, if it has one.</param>
/// <param name="Condition">The planned condition, evaluated by the tree evaluator over the facts.</param>
/// <param name="Inputs">The inputs it reads, in declaration order.</param>
public sealed record InputConstraint(string Name, string Text, string? Message, EvalNode Condition, ImmutableArray<InputField> Inputs)
{
    /// <summary>The error for facts that break the constraint (or cannot be checked against it), or null when they keep it.</summary>
    internal FactError? Check(Value[] facts, int localCount)
    {
        bool holds;
        string? fault = null, faultZh = null;
        try
        {
            holds = Condition.Eval(Activation.ForFacts(facts, localCount)).AsBool;
        }
        catch (EvaluationException e)
        {
            (holds, fault, faultZh) = (false, e.Message, e.MessageZh);
        }
        if (holds) return null;
        var found = string.Join(", ", Inputs.Select(i => $"{i.Name} = {ValueFormat.Format(facts[i.Slot], i.Type)}"));
        var foundZh = string.Join("，", Inputs.Select(i => $"{i.Name} = {ValueFormat.Format(facts[i.Slot], i.Type, chinese: true)}"));
        var because = Message is null ? "" : " (" + Message + ")";
        var becauseZh = Message is null ? "" : "（" + Message + "）";
        return new FactError(JsonPath.Root + JsonPath.Member(Inputs[0].Name),
            fault is null
                ? $"facts that keep constraint {Name}: {Text}{because}"
                : $"facts that constraint {Name} can check ({fault})",
            found)
        {
            ExpectedZh = fault is null ? $"满足约束 {Name} 的事实：{Text}{becauseZh}" : $"约束 {Name} 能够检查的事实（{faultZh}）",
            FoundZh = foundZh,
        };
    }
}
