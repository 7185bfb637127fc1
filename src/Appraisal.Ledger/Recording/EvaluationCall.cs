using Appraisal.Engine.Evaluation;
using Appraisal.Engine.Facts;
using Appraisal.Engine.Values;
using Appraisal.Policy.Diagnostics;

namespace Appraisal.Ledger.Recording;

/// <summary>
/// One evaluation as a host asks for it, whatever face it came in by (gRPC, REST, a stream, the command line). The host
/// has already checked the shape of what it was given (ids, the period in canonical form and of the policy's kind).
/// </summary>
public sealed record EvaluationCall
{
    public required ServedPolicy Policy { get; init; }
    /// <summary>The version the caller pinned, as asked ("" when it leaves the version to the host).</summary>
    public string PinnedVersion { get; init; } = "";
    public string SubjectId { get; init; } = "";
    public PeriodValue? Period { get; init; }
    /// <summary>The facts, a JSON object: what a record keeps ("" when <see cref="ReadFacts"/> reads them and nothing is recorded).</summary>
    public required string FactsJson { get; init; }
    /// <summary>
    /// Reads the facts from where the host holds them (a protobuf Struct) instead of <see cref="FactsJson"/>: only for an
    /// evaluation that is not recorded, since a record keeps the facts' text and a replay reads that text again.
    /// </summary>
    public Func<InputSchema, FactLimits, FactReadResult>? ReadFacts { get; init; }
    /// <summary>Earlier periods the caller gave; none given: read from the ledger when the policy needs them.</summary>
    public IReadOnlyList<GivenPeriod> EarlierPeriods { get; init; } = [];
    public ExplanationDetail Explanation { get; init; }
    public Language Language { get; init; }
    /// <summary>Record the outcome (idempotent on <see cref="RequestId"/>).</summary>
    public bool Record { get; init; }
    public string RequestId { get; init; } = "";
    /// <summary>Work units one evaluation may spend.</summary>
    public long Budget { get; init; } = EvaluationOptions.Default.Budget;
    public FactLimits Limits { get; init; } = FactLimits.Default;
}
