using System.Globalization;
using Appraisal.Impact.Diff;
using Appraisal.Policy.Diagnostics;
using Newtonsoft.Json;

namespace Appraisal.Impact.Reports;

/// <summary>
/// A comparison as JSON, with stable field names (camelCase) and every number that is a value or an amount as an exact
/// decimal string (<c>"-12.50"</c>); counts are JSON integers. <c>{ old, new, summary, subjects }</c>; a version's
/// <c>source</c> (<c>{kind: "file", path}</c> or <c>{kind: "ledger", reference, policyId, day, publication, effectiveFrom}</c>)
/// and the summary's <c>source</c> (<c>{kind: "team", path}</c> or <c>{kind: "ledger", policyId, period, records, subjects,
/// skipped, skippedReasons}</c>) are there when the host named them. The summary alone
/// is <see cref="WriteSummary"/>; <c>subjects</c> lists each changed subject with every changed output.
/// </summary>
public static class DiffJson
{
    public static void Write(TextWriter text, DiffReport report, Language language, bool subjects = true)
    {
        using var writer = new JsonTextWriter(text) { Formatting = Formatting.Indented, CloseOutput = false };
        writer.WriteStartObject();
        writer.WritePropertyName("old");
        WriteVersion(writer, report.Old);
        writer.WritePropertyName("new");
        WriteVersion(writer, report.New);
        writer.WritePropertyName("summary");
        WriteSummary(writer, report.Summary, language);
        if (subjects)
        {
            writer.WritePropertyName("subjects");
            writer.WriteStartArray();
            foreach (var subject in report.Subjects) WriteSubject(writer, subject);
            writer.WriteEndArray();
        }
        writer.WriteEndObject();
        writer.Flush();
        text.WriteLine();
    }

    /// <summary>The summary alone, as text (what tests approve).</summary>
    public static string Summary(DiffReport report, Language language)
    {
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        Write(text, report, language, subjects: false);
        return text.ToString();
    }

    private static void WriteVersion(JsonWriter writer, DiffVersionInfo version)
    {
        writer.WriteStartObject();
        Property(writer, "label", version.Label);
        Property(writer, "policy", version.Policy);
        Property(writer, "version", version.Version);
        Property(writer, "hash", version.Hash);
        if (version.Source is { } source)
        {
            writer.WritePropertyName("source");
            writer.WriteStartObject();
            Property(writer, "kind", source.Kind);
            if (source.IsLedger)
            {
                Property(writer, "reference", source.Reference);
                Property(writer, "policyId", source.PolicyId);
                if (source.Day is { } day) Property(writer, "day", DiffVersionSource.Date(day));
                if (source.PublicationId is { } publication)
                {
                    writer.WritePropertyName("publication");
                    writer.WriteValue(publication);
                }
                if (source.EffectiveFrom is { } from) Property(writer, "effectiveFrom", DiffVersionSource.Date(from));
            }
            else Property(writer, "path", source.Path);
            writer.WriteEndObject();
        }
        writer.WriteEndObject();
    }

    private static void WriteSource(JsonWriter writer, PopulationSource source, Language language)
    {
        writer.WriteStartObject();
        Property(writer, "kind", source.Kind);
        if (source.IsLedger)
        {
            Property(writer, "policyId", source.PolicyId);
            Property(writer, "period", source.Period);
            Property(writer, "records", source.Records);
            Property(writer, "subjects", source.Subjects);
            Property(writer, "skipped", source.SkippedCount);
            writer.WritePropertyName("skippedReasons");
            writer.WriteStartArray();
            foreach (var skipped in source.Skipped)
            {
                writer.WriteStartObject();
                Property(writer, "reason", skipped.Reason);
                Property(writer, "message", skipped.Message.In(language));
                Property(writer, "count", skipped.Count);
                Property(writer, "examples", skipped.Examples);
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
        }
        else Property(writer, "path", source.Path);
        writer.WriteEndObject();
    }

    public static void WriteSummary(JsonWriter writer, DiffSummary summary, Language language)
    {
        writer.WriteStartObject();
        Property(writer, "subjects", summary.Subjects);
        Property(writer, "changed", summary.Changed);
        Property(writer, "unchanged", summary.Unchanged);
        Property(writer, "failed", summary.Failed);
        writer.WritePropertyName("failures");
        writer.WriteStartObject();
        WriteFailures(writer, "old", summary.FailedOld, summary.OldFailures, language);
        WriteFailures(writer, "new", summary.FailedNew, summary.NewFailures, language);
        writer.WriteEndObject();
        Property(writer, "listed", summary.Listed);
        if (summary.Source is { } source)
        {
            writer.WritePropertyName("source");
            WriteSource(writer, source, language);
        }
        if (summary.Population is { } population)
        {
            writer.WritePropertyName("population");
            writer.WriteStartObject();
            Property(writer, "members", population.Members);
            Property(writer, "oldRules", population.OldRules);
            Property(writer, "newRules", population.NewRules);
            writer.WriteEndObject();
        }
        writer.WritePropertyName("outputs");
        writer.WriteStartArray();
        foreach (var output in summary.Outputs) WriteOutput(writer, output);
        writer.WriteEndArray();
        writer.WritePropertyName("histograms");
        writer.WriteStartArray();
        foreach (var histogram in summary.Histograms)
        {
            writer.WriteStartObject();
            Property(writer, "output", histogram.Output);
            Property(writer, "width", histogram.Width);
            writer.WritePropertyName("bins");
            writer.WriteStartArray();
            foreach (var bin in histogram.Bins)
            {
                writer.WriteStartObject();
                Property(writer, "from", bin.From);
                Property(writer, "to", bin.To);
                Property(writer, "old", bin.Old);
                Property(writer, "new", bin.New);
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void WriteFailures(JsonWriter writer, string name, int count, IReadOnlyList<FailureReason> reasons, Language language)
    {
        writer.WritePropertyName(name);
        writer.WriteStartObject();
        Property(writer, "count", count);
        writer.WritePropertyName("reasons");
        writer.WriteStartArray();
        foreach (var reason in reasons)
        {
            writer.WriteStartObject();
            Property(writer, "message", reason.Message.In(language));
            Property(writer, "count", reason.Count);
            Property(writer, "examples", reason.Examples);
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void WriteOutput(JsonWriter writer, OutputSummary output)
    {
        writer.WriteStartObject();
        Property(writer, "name", output.Output.Name);
        Property(writer, "type", output.Output.TypeName);
        Property(writer, "kind", output.Output.Kind.ToString().ToLowerInvariant());
        Property(writer, "inOld", output.Output.OldType is not null);
        Property(writer, "inNew", output.Output.NewType is not null);
        Property(writer, "compared", output.Compared);
        Property(writer, "changed", output.Changed);
        if (output.TotalDelta is not null)
        {
            Property(writer, "increased", output.Increased);
            Property(writer, "decreased", output.Decreased);
            Property(writer, "totalOld", output.TotalOld);
            Property(writer, "totalNew", output.TotalNew);
            Property(writer, "totalDelta", output.TotalDelta);
            Property(writer, "meanDelta", output.MeanDelta);
            Property(writer, "minDelta", output.MinDelta);
            Property(writer, "maxDelta", output.MaxDelta);
            writer.WritePropertyName("largest");
            writer.WriteStartArray();
            foreach (var change in output.Largest)
            {
                writer.WriteStartObject();
                Property(writer, "subject", change.Subject);
                if (change.Row is { } row) Property(writer, "row", row);
                Property(writer, "old", change.Old);
                Property(writer, "new", change.New);
                Property(writer, "delta", change.Delta);
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
        }
        if (output.Output.Kind == DiffOutputKind.Category)
        {
            writer.WritePropertyName("movements");
            writer.WriteStartArray();
            foreach (var movement in output.Movements)
            {
                writer.WriteStartObject();
                Property(writer, "from", movement.From);
                Property(writer, "to", movement.To);
                Property(writer, "count", movement.Count);
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
        }
        writer.WriteEndObject();
    }

    private static void WriteSubject(JsonWriter writer, SubjectChange subject)
    {
        writer.WriteStartObject();
        Property(writer, "subject", subject.Id);
        if (subject.Row is { } row) Property(writer, "row", row);
        writer.WritePropertyName("changes");
        writer.WriteStartArray();
        foreach (var change in subject.Changes)
        {
            writer.WriteStartObject();
            Property(writer, "output", change.Output.Name);
            Property(writer, "old", change.OldText);
            Property(writer, "new", change.NewText);
            if (change.Delta is { } delta) Property(writer, "delta", delta);
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void Property(JsonWriter writer, string name, string? value)
    {
        writer.WritePropertyName(name);
        writer.WriteValue(value);
    }

    private static void Property(JsonWriter writer, string name, IEnumerable<string> values)
    {
        writer.WritePropertyName(name);
        writer.WriteStartArray();
        foreach (var value in values) writer.WriteValue(value);
        writer.WriteEndArray();
    }

    private static void Property(JsonWriter writer, string name, decimal? value)
    {
        writer.WritePropertyName(name);
        if (value is { } number) writer.WriteValue(number.ToString(CultureInfo.InvariantCulture));
        else writer.WriteNull();
    }

    private static void Property(JsonWriter writer, string name, int value)
    {
        writer.WritePropertyName(name);
        writer.WriteValue(value);
    }

    private static void Property(JsonWriter writer, string name, bool value)
    {
        writer.WritePropertyName(name);
        writer.WriteValue(value);
    }
}
