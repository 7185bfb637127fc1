using Appraisal.Policy.Text;

namespace Appraisal.Impact.Diff;

/// <summary>
/// Recorded subjects left out of a population for one reason: how many, and the first few subject ids.
/// </summary>
/// <param name="Reason"><c>factsErased</c> (retention erased the facts) or <c>earlierPeriodsNotKept</c> (the evaluation read
/// earlier periods that the record does not keep: written before the ledger kept them).</param>
public sealed record SkippedRecords(string Reason, Bilingual Message, int Count, IReadOnlyList<string> Examples)
{
    public const string FactsErased = "factsErased";
    public const string EarlierPeriodsNotKept = "earlierPeriodsNotKept";
}
