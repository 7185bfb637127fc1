using Appraisal.Engine.Evaluation;

namespace Appraisal.Ledger.Recording;

/// <summary>
/// What an evaluation answers, evaluated now or replayed from the ledger: the same shape either way, so every host
/// maps one thing onto its reply.
/// </summary>
public sealed record Answer
{
    public required string PolicyId { get; init; }
    /// <summary>The version hash that answered (for a replay: the one that answered the first time).</summary>
    public required string Version { get; init; }
    public string DeclaredVersion { get; init; } = "";
    /// <summary>Why that version answered (<see cref="ServedPolicy.Basis"/>: <c>served</c>, <c>pinned</c> or <c>published:N</c>; for a replay, the recorded reason).</summary>
    public string Basis { get; init; } = "served";
    public required IReadOnlyList<RecordedOutput> Outputs { get; init; }
    /// <summary>The outputs as one JSON object, numbers as exact decimal strings.</summary>
    public required string OutputsJson { get; init; }
    /// <summary>The explanation as asked (<see cref="ExplanationDetail.Text"/> and <see cref="ExplanationDetail.Full"/>), else empty.</summary>
    public string ExplanationText { get; init; } = "";
    /// <summary>The explanation as data (<see cref="ExplanationDetail.Full"/>), else empty.</summary>
    public string ExplanationJson { get; init; } = "";
    /// <summary>Where earlier periods came from: <c>none</c>, <c>request</c> or <c>ledger</c>.</summary>
    public string HistorySource { get; init; } = "none";
    /// <summary>The subject's records read from the ledger for the earlier periods (source <c>ledger</c>), oldest first.</summary>
    public IReadOnlyList<LedgerRecord> History { get; init; } = [];
    /// <summary>The record written, or the one a retry was answered from; null when not recorded.</summary>
    public LedgerRecord? Record { get; init; }
    /// <summary>True when this request had been recorded before: nothing was evaluated or written.</summary>
    public bool Replayed { get; init; }
    /// <summary>The outcome with its values, when evaluated now (null for a replay).</summary>
    public Outcome? Outcome { get; init; }
}
