using Appraisal.Engine.Facts;

namespace Appraisal.Engine.Testing;

/// <summary>
/// A constraint on inputs that a test expected to reject its facts but did not (<see cref="Error"/> is null), or that
/// rejected facts the test did not expect it to (<see cref="Error"/> says how).
/// </summary>
public sealed record ConstraintMismatch(string? Subject, string Constraint, FactError? Error)
{
    public string Message(bool chinese)
    {
        var who = Subject is null ? "" : chinese ? $"「{Subject}」的" : $"{Subject}: ";
        return (Error, chinese) switch
        {
            (null, false) => $"{who}expected constraint {Constraint} to reject the facts; they keep it",
            (null, true) => $"{who}事实应违反约束 {Constraint}，实际满足",
            ({ } e, false) => $"{who}the facts break constraint {Constraint}: {e.Message}",
            ({ } e, true) => $"{who}事实违反约束 {Constraint}：{e.MessageZh}",
        };
    }
}
