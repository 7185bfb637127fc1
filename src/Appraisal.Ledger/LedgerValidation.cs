using Appraisal.Engine.Values;
using Appraisal.Policy.Syntax;

namespace Appraisal.Ledger;

/// <summary>What every store checks and normalizes before a record is queued.</summary>
internal static class LedgerValidation
{
    /// <summary>
    /// Checks the required fields (an <see cref="ArgumentException"/> naming the field) and returns the record as it
    /// will be stored: the period in canonical form, the time in UTC to the microsecond, no revision or erasure yet.
    /// </summary>
    public static LedgerRecord Normalize(LedgerRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        Require(record.RequestId, nameof(LedgerRecord.RequestId));
        Require(record.SubjectId, nameof(LedgerRecord.SubjectId));
        Require(record.PolicyId, nameof(LedgerRecord.PolicyId));
        Require(record.PolicyVersion, nameof(LedgerRecord.PolicyVersion));
        Require(record.RequestHash, nameof(LedgerRecord.RequestHash));
        NotNull(record.OutputsJson, nameof(LedgerRecord.OutputsJson));
        NotNull(record.OutputsDetailJson, nameof(LedgerRecord.OutputsDetailJson));
        NotNull(record.DeclaredVersion, nameof(LedgerRecord.DeclaredVersion));
        NotNull(record.Language, nameof(LedgerRecord.Language));
        NotNull(record.HistorySource, nameof(LedgerRecord.HistorySource));
        NotNull(record.EngineVersion, nameof(LedgerRecord.EngineVersion));
        NotNull(record.VersionBasis, nameof(LedgerRecord.VersionBasis));
        if (record.Period is null || !PeriodValue.TryParse(record.Period, out var period))
            throw new ArgumentException($"Period '{record.Period}' is not a period (e.g. 2026-Q2, 2026-H1, 2026-03, 2026).", nameof(LedgerRecord.Period));
        return record with
        {
            Period = period.ToString(),
            RecordedAt = Microseconds(record.RecordedAt),
            Revision = 0,
            ErasedAt = null,
        };
    }

    public static PeriodValue Period(LedgerRecord normalized) =>
        PeriodValue.TryParse(normalized.Period, out var period) ? period : throw new ArgumentException("Period", nameof(LedgerRecord.Period));

    public static string KindName(PeriodKind kind) => kind switch
    {
        PeriodKind.Month => "month",
        PeriodKind.Quarter => "quarter",
        PeriodKind.Half => "half",
        _ => "year",
    };

    /// <summary>The time in UTC, cut to whole microseconds (what the stores keep).</summary>
    public static DateTimeOffset Microseconds(DateTimeOffset time)
    {
        var ticks = time.UtcTicks;
        return new DateTimeOffset(ticks - ticks % 10, TimeSpan.Zero);
    }

    private static void Require(string? value, string field)
    {
        if (string.IsNullOrWhiteSpace(value)) throw new ArgumentException($"{field} is required.", field);
    }

    private static void NotNull(string? value, string field)
    {
        if (value is null) throw new ArgumentException($"{field} must not be null.", field);
    }
}
