namespace Appraisal.Impact.Recorded;

/// <summary>How a <see cref="LedgerReference"/> resolved.</summary>
public enum VersionLookupStatus
{
    /// <summary>The version, planned.</summary>
    Found,
    /// <summary>The text is not a ledger reference (no policy id, neither a hash nor a date after <c>@</c>).</summary>
    Malformed,
    /// <summary>The registry keeps no version of the policy with that hash.</summary>
    NotKept,
    /// <summary>No publication of the policy is in force on the day (none yet, or the policy was never published).</summary>
    NotInForce,
    /// <summary>The kept version cannot be planned: it no longer checks with this engine, or the registry is damaged.</summary>
    Unusable,
}
