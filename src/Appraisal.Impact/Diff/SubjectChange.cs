namespace Appraisal.Impact.Diff;

/// <summary>A subject whose outputs differ between the versions: every output that changed, in the policy's order.</summary>
/// <param name="Row">Its row in the team file, when it came from one.</param>
public sealed record SubjectChange(string Id, int? Row, IReadOnlyList<OutputChange> Changes)
{
    /// <summary>The change of one output, if it changed.</summary>
    public OutputChange? Of(string output)
    {
        foreach (var change in Changes) if (change.Output.Name == output) return change;
        return null;
    }
}
