namespace Appraisal.Ledger.Registry;

/// <summary>A publication to be made: the version (kept first when it is not yet), from when, by whom, why.</summary>
public sealed record PublicationRequest(StoredVersion Version, DateOnly EffectiveFrom, string PublishedBy, string Message, DateTimeOffset PublishedAt);
