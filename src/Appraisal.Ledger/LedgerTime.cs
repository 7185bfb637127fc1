namespace Appraisal.Ledger;

/// <summary>How ledger times are written for people and callers: RFC 3339 in UTC, to the microsecond the ledger keeps.</summary>
public static class LedgerTime
{
    public static string Format(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", System.Globalization.CultureInfo.InvariantCulture);
}
