namespace Appraisal.Impact.Teams;

/// <summary>The kinds of team file: comma-separated text, or an Excel workbook (its first sheet).</summary>
public enum TeamFormat
{
    /// <summary>RFC 4180 CSV, UTF-8 (with or without a byte order mark) or GB18030.</summary>
    Csv,
    /// <summary>An Office Open XML workbook (.xlsx), read from its first worksheet.</summary>
    Xlsx,
}
