namespace Appraisal.Engine.Embedding;

/// <summary>
/// Builds one fact set for a policy, field by field, from typed values:
/// <code>
/// var facts = policy.Facts()
///     .Set("岗位", "普通售后客服")        // an enum member by name
///     .SetPercent("退款率", 6)            // 6%, or .Set("退款率", 0.06m)
///     .Set("迟到", 1)
///     .SetList("投诉扣分", 5m, 20m)
///     .Build();                            // the facts, or every violation with its path
/// </code>
/// The facts are validated by <see cref="Build"/> with the same reader as JSON facts (<see cref="Facts.FactReader"/>):
/// unknown fields, wrong kinds, units, ranges, enum members, missing required inputs and defaults behave exactly as
/// the same values written as JSON would. A builder can be built more than once and changed in between; it is not
/// meant to be shared between threads (the facts it builds are).
/// </summary>
public sealed class FactBuilder : FactFields<FactBuilder>
{
    private readonly LoadedPolicy _policy;

    internal FactBuilder(LoadedPolicy policy) : base(policy.Inputs.Count)
    {
        _policy = policy;
    }

    /// <summary>Validates the facts set so far: the fact set, or every violation (never an exception).</summary>
    public FactSet Build()
    {
        return _policy.ReadFacts(new BuiltFactTokens(Fields));
    }
}
