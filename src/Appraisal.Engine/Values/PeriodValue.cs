using System.Globalization;
using Appraisal.Policy.Syntax;

namespace Appraisal.Engine.Values;

/// <summary>An appraisal period: a month, quarter, half year or year.</summary>
public readonly record struct PeriodValue(PeriodKind Kind, int Year, int Index) : IComparable<PeriodValue>
{
    /// <summary>The period's ordinal among periods of its kind, for ordering and "the period before".</summary>
    public int Ordinal => Year * PerYear(Kind) + Index - 1;

    public PeriodValue Previous() => FromOrdinal(Kind, Ordinal - 1);
    public PeriodValue Next() => FromOrdinal(Kind, Ordinal + 1);

    public DateOnly Start => Kind switch
    {
        PeriodKind.Month => new DateOnly(Year, Index, 1),
        PeriodKind.Quarter => new DateOnly(Year, (Index - 1) * 3 + 1, 1),
        PeriodKind.Half => new DateOnly(Year, (Index - 1) * 6 + 1, 1),
        _ => new DateOnly(Year, 1, 1),
    };

    public static int PerYear(PeriodKind kind) => kind switch
    {
        PeriodKind.Month => 12,
        PeriodKind.Quarter => 4,
        PeriodKind.Half => 2,
        _ => 1,
    };

    public static PeriodValue FromOrdinal(PeriodKind kind, int ordinal) =>
        new(kind, Math.DivRem(ordinal, PerYear(kind)).Quotient, ordinal % PerYear(kind) + 1);

    public int CompareTo(PeriodValue other) => Kind != other.Kind ? Kind.CompareTo(other.Kind) : Ordinal.CompareTo(other.Ordinal);

    public static bool TryParse(string text, out PeriodValue period)
    {
        period = default;
        text = text.Trim();
        if (text.Length < 4 || !int.TryParse(text.AsSpan(0, 4), NumberStyles.None, CultureInfo.InvariantCulture, out var year) || year < 1) return false;
        if (text.Length == 4)
        {
            period = new PeriodValue(PeriodKind.Year, year, 1);
            return true;
        }
        if (text.Length < 7 || text[4] != '-') return false;
        var rest = text[5..];
        if (rest.Length == 2 && (rest[0] is 'Q' or 'q') && rest[1] is >= '1' and <= '4')
        {
            period = new PeriodValue(PeriodKind.Quarter, year, rest[1] - '0');
            return true;
        }
        if (rest.Length == 2 && (rest[0] is 'H' or 'h') && rest[1] is '1' or '2')
        {
            period = new PeriodValue(PeriodKind.Half, year, rest[1] - '0');
            return true;
        }
        if (rest.Length == 2 && int.TryParse(rest, NumberStyles.None, CultureInfo.InvariantCulture, out var month) && month is >= 1 and <= 12)
        {
            period = new PeriodValue(PeriodKind.Month, year, month);
            return true;
        }
        return false;
    }

    public override string ToString() => Kind switch
    {
        PeriodKind.Month => $"{Year:D4}-{Index:D2}",
        PeriodKind.Quarter => $"{Year:D4}-Q{Index}",
        PeriodKind.Half => $"{Year:D4}-H{Index}",
        _ => $"{Year:D4}",
    };
}
