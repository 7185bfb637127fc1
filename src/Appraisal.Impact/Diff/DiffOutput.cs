using Appraisal.Policy.Semantics;

namespace Appraisal.Impact.Diff;

/// <summary>
/// An output compared: its name, its type in each version (null where the version does not have it) and how it is summarised.
/// </summary>
public sealed record DiffOutput(string Name, PolicyType? OldType, PolicyType? NewType, DiffOutputKind Kind)
{
    /// <summary>The type as reports name it: the new version's, else the old one's.</summary>
    public string TypeName => (NewType ?? OldType)!.Display;

    public bool IsNumeric => Kind is DiffOutputKind.Money or DiffOutputKind.Score or DiffOutputKind.Number;

    internal int OldIndex { get; init; } = -1;
    internal int NewIndex { get; init; } = -1;

    internal static DiffOutputKind KindOf(PolicyType type) => type switch
    {
        NumericType { Dimension: { Money: 1, Points: 0, Duration: 0 } } => DiffOutputKind.Money,
        NumericType { Dimension: { Money: 0, Points: 1, Duration: 0 } } => DiffOutputKind.Score,
        NumericType => DiffOutputKind.Number,
        EnumType or SimpleType { Name: "bool" } => DiffOutputKind.Category,
        _ => DiffOutputKind.Other,
    };
}
