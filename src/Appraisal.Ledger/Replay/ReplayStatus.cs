namespace Appraisal.Ledger.Replay;

/// <summary>What replaying a record found.</summary>
public enum ReplayStatus
{
    /// <summary>Every output is what was recorded.</summary>
    Identical,
    /// <summary>At least one output differs from what was recorded (<see cref="ReplayOutcome.Differences"/>).</summary>
    Different,
    /// <summary>Retention erased the facts: the record cannot be replayed.</summary>
    FactsErased,
    /// <summary>The registry keeps no version of that hash (a record written before versions were kept).</summary>
    VersionNotKept,
    /// <summary>It cannot be replayed for another reason (<see cref="ReplayOutcome.Reason"/>): facts that no longer read, an evaluation fault.</summary>
    NotReplayable,
}
