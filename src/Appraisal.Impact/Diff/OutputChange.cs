using Appraisal.Engine.Values;

namespace Appraisal.Impact.Diff;

/// <summary>One output of one subject that differs between the versions: old → new, and the delta when both are numbers.</summary>
public readonly record struct OutputChange(DiffOutput Output, Value Old, Value New, decimal? Delta)
{
    /// <summary>The old value as reports write it (<see cref="DiffValue"/>); null when the old version has no such output.</summary>
    public string? OldText => DiffValue.Text(Old, Output.OldType);

    /// <summary>The new value as reports write it; null when the new version has no such output.</summary>
    public string? NewText => DiffValue.Text(New, Output.NewType);
}
