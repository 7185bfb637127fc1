using System.Globalization;
using Appraisal.Impact.Diff;
using CsvHelper;

namespace Appraisal.Impact.Reports;

/// <summary>
/// A comparison as CSV (RFC 4180, UTF-8 with a byte order mark so Excel reads the Chinese): one row per subject per
/// changed output — <c>subject,row,output,old,new,delta,old_version,new_version</c>, the last two naming where each
/// version came from (a file, or a ledger reference with its hash and publication) — numbers as exact decimals, an
/// absent value empty. A text
/// that a spreadsheet would run as a formula (<c>=…</c>, <c>+…</c>, <c>@…</c>, <c>-</c> not before a digit) gets a
/// leading <c>'</c>; negative numbers are written as they are.
/// </summary>
public static class DiffCsv
{
    public static void Write(Stream stream, DiffReport report)
    {
        var options = new CsvWriterOptions { WriteByteOrderMark = true };
        using var writer = CsvWriter.Create(stream, options, leaveOpen: true);
        foreach (var header in (string[])["subject", "row", "output", "old", "new", "delta", "old_version", "new_version"]) writer.WriteField(header);
        writer.EndRecord();
        var oldVersion = Safe(Version(report.Old));
        var newVersion = Safe(Version(report.New));
        foreach (var subject in report.Subjects)
        {
            foreach (var change in subject.Changes)
            {
                writer.WriteField(Safe(subject.Id));
                writer.WriteField(subject.Row?.ToString(CultureInfo.InvariantCulture) ?? "");
                writer.WriteField(change.Output.Name);
                writer.WriteField(Safe(change.OldText ?? ""));
                writer.WriteField(Safe(change.NewText ?? ""));
                writer.WriteField(change.Delta?.ToString(CultureInfo.InvariantCulture) ?? "");
                writer.WriteField(oldVersion);
                writer.WriteField(newVersion);
                writer.EndRecord();
            }
        }
        writer.Flush();
    }

    /// <summary>
    /// Where a version came from, for its column: <c>old.policy version 1a2b…</c>, or
    /// <c>ledger:grades/等级@2026-04-01 version 1a2b… publication 2</c>; the label and hash when the host did not say.
    /// </summary>
    private static string Version(DiffVersionInfo version) =>
        version.Source?.Short(version.Hash) ?? version.Label + (version.Hash is null ? "" : " version " + version.Hash);

    /// <summary>A text a spreadsheet would take for a formula, made plain text.</summary>
    public static string Safe(string text) =>
        text.Length > 0 && (text[0] is '=' or '+' or '@' or '\t' or '\r' || text[0] == '-' && (text.Length == 1 || !char.IsAsciiDigit(text[1])))
            ? "'" + text
            : text;
}
