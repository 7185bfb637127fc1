using System.CommandLine;
using System.Globalization;
using Appraisal.Ledger;
using Appraisal.Ledger.Replay;
using Microsoft.Data.Sqlite;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace Appraisal.Cli;

/// <summary>
/// <c>policy history --ledger &lt;file.db&gt; --subject &lt;id&gt; [--policy P] [--from P] [--to P] [--revisions] [--request R] [--format text|json]</c>:
/// what a ledger (a SQLite file, or PostgreSQL by connection string) recorded for a subject (the latest revision of each period unless <c>--revisions</c>), or one
/// request in full. The file is never created or migrated: a missing file or one that is not a ledger is a usage error.
/// </summary>
internal sealed class HistoryCommand : Command
{
    private readonly Option<string> _ledger = new("--ledger")
    {
        Description = LedgerArgument.Description, Required = true,
    };
    private readonly Option<string?> _subject = new("--subject") { Description = "The subject whose records to list" };
    private readonly Option<string?> _policy = new("--policy") { Description = "Only this policy id" };
    private readonly Option<string?> _from = new("--from") { Description = "First period (inclusive), e.g. 2026-Q1" };
    private readonly Option<string?> _to = new("--to") { Description = "Last period (inclusive)" };
    private readonly Option<bool> _revisions = new("--revisions") { Description = "Every revision, not only the latest of each period" };
    private readonly Option<string?> _request = new("--request") { Description = "Print the record of this request id in full" };
    private readonly Option<string> _format = new("--format") { Description = "Output format: text for people, json for tools", DefaultValueFactory = _ => "text" };

    public HistoryCommand() : base("history", "List what the ledger recorded for a subject, or one request in full.")
    {
        _format.AcceptOnlyFromAmong("text", "json");
        Options.Add(_ledger);
        Options.Add(_subject);
        Options.Add(_policy);
        Options.Add(_from);
        Options.Add(_to);
        Options.Add(_revisions);
        Options.Add(_request);
        Options.Add(_format);
        SetAction(Run);
    }

    private int Run(ParseResult parseResult)
    {
        var stdout = parseResult.InvocationConfiguration.Output;
        var stderr = parseResult.InvocationConfiguration.Error;
        var path = parseResult.GetValue(_ledger)!;
        var subject = parseResult.GetValue(_subject);
        var requestId = parseResult.GetValue(_request);
        if (subject is null && requestId is null)
        {
            stderr.WriteLine("policy: --subject or --request is required");
            stderr.WriteLine("Run 'policy history --help' for usage.");
            return ExitCodes.Usage;
        }
        if (subject is { Length: 0 } || requestId is { Length: 0 })
        {
            stderr.WriteLine($"policy: {(subject is { Length: 0 } ? "--subject" : "--request")} is empty");
            return ExitCodes.Usage;
        }
        // The bounds are checked here, in the command's words: the ledger's own refusal names its query's fields.
        Engine.Values.PeriodValue? from = null, to = null;
        foreach (var (option, result) in new[] { ("--from", _from), ("--to", _to) })
        {
            if (parseResult.GetValue(result) is not { } text) continue;
            if (!Engine.Values.PeriodValue.TryParse(text, out var period))
            {
                stderr.WriteLine($"policy: {option} '{text}' is not a period (e.g. 2026-Q2, 2026-H1, 2026-03, 2026)");
                return ExitCodes.Usage;
            }
            if (option == "--from") from = period;
            else to = period;
        }
        if (from is { } f && to is { } t && f.Kind != t.Kind)
        {
            stderr.WriteLine($"policy: --from {f} and --to {t} are periods of different kinds (give both as quarters, months, halves or years)");
            return ExitCodes.Usage;
        }
        var postgres = LedgerArgument.IsConnectionString(path);
        if (!postgres && !File.Exists(path))
        {
            stderr.WriteLine($"policy: ledger file not found: {path}");
            return ExitCodes.Usage;
        }

        IReadOnlyList<LedgerRecord> records;
        try
        {
            records = ReadAsync(path, subject, requestId, parseResult).GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is LedgerSchemaException or ArgumentException or SqliteException or IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"policy: {(postgres ? "the PostgreSQL ledger" : path)}: {e.Message}");
            return ExitCodes.Usage;
        }
        catch (Npgsql.NpgsqlException e)
        {
            // The server could not be reached or refused us: the connection string's password is never printed.
            stderr.WriteLine($"policy: the PostgreSQL ledger cannot be read: {e.Message}");
            return ExitCodes.Failure;
        }

        var json = parseResult.GetValue(_format) == "json";
        if (json)
        {
            WriteJson(stdout, records);
        }
        else if (records.Count == 0)
        {
            stdout.WriteLine(requestId is not null ? $"no record for request {requestId}" : $"no records for subject {subject}");
        }
        else if (requestId is not null)
        {
            WriteFull(stdout, records[0]);
        }
        else
        {
            foreach (var record in records) WriteLine(stdout, record);
        }
        return ExitCodes.Success;
    }

    private async Task<IReadOnlyList<LedgerRecord>> ReadAsync(string path, string? subject, string? requestId, ParseResult parseResult)
    {
        await using var ledger = await LedgerArgument.OpenExistingAsync(path);
        if (requestId is not null)
        {
            var found = await ledger.FindAsync(requestId);
            // Shown with its explanation: regenerated by replay when the ledger did not store it.
            return found is null || (subject is not null && found.SubjectId != subject) ? [] : await new Replayer(ledger).WithExplanationsAsync([found]);
        }
        var records = await ledger.HistoryAsync(new HistoryQuery(subject!)
        {
            PolicyId = parseResult.GetValue(_policy),
            FromPeriod = parseResult.GetValue(_from),
            ToPeriod = parseResult.GetValue(_to),
            AllRevisions = parseResult.GetValue(_revisions),
            Limit = int.MaxValue,
        });
        return parseResult.GetValue(_format) == "json" ? await new Replayer(ledger).WithExplanationsAsync(records) : records;
    }

    /// <summary>One line: period, revision, policy, short version hash, time (UTC), request id, outputs.</summary>
    private static void WriteLine(TextWriter stdout, LedgerRecord record) =>
        stdout.WriteLine($"{record.Period}  r{record.Revision}  {record.PolicyId}  {ShortHash(record.PolicyVersion)}  {LedgerTime.Format(record.RecordedAt)}  {record.RequestId}  {record.OutputsJson}");

    private static void WriteFull(TextWriter stdout, LedgerRecord record)
    {
        stdout.WriteLine($"request:      {record.RequestId}");
        stdout.WriteLine($"subject:      {record.SubjectId}");
        stdout.WriteLine($"policy:       {record.PolicyId}");
        stdout.WriteLine($"period:       {record.Period} (revision {record.Revision})");
        stdout.WriteLine($"version:      {record.PolicyVersion}" + (record.DeclaredVersion.Length > 0 ? $" (declared {record.DeclaredVersion})" : ""));
        stdout.WriteLine($"recorded at:  {LedgerTime.Format(record.RecordedAt)}");
        stdout.WriteLine($"history from: {record.HistorySource}");
        if (record.VersionBasis.Length > 0) stdout.WriteLine($"version why:  {record.VersionBasis}");
        if (record.EngineVersion.Length > 0) stdout.WriteLine($"engine:       {record.EngineVersion}");
        if (record.GroupId is { } group) stdout.WriteLine($"group:        {group}");
        stdout.WriteLine($"request hash: {record.RequestHash}");
        if (record.ErasedAt is { } erasedAt) stdout.WriteLine($"erased at:    {LedgerTime.Format(erasedAt)} (facts and explanation removed by retention)");
        stdout.WriteLine("facts:");
        stdout.WriteLine(Indent(record.FactsJson is null ? "(erased)" : Pretty(record.FactsJson)));
        stdout.WriteLine("outputs:");
        stdout.WriteLine(Indent(Pretty(record.OutputsJson)));
        stdout.WriteLine($"explanation ({record.Language}{(record.ExplanationRegenerated ? ", not stored: regenerated by replay" : "")}):");
        stdout.WriteLine(Indent(record.ExplanationText ?? (record.ErasedAt is null ? "(none)" : "(erased)")));
    }

    private static void WriteJson(TextWriter stdout, IReadOnlyList<LedgerRecord> records)
    {
        using (var writer = new JsonTextWriter(stdout) { Formatting = Formatting.Indented, CloseOutput = false })
        {
            writer.WriteStartArray();
            foreach (var record in records)
            {
                writer.WriteStartObject();
                void Text(string name, string? value) { writer.WritePropertyName(name); writer.WriteValue(value); }
                void Json(string name, string? value)
                {
                    writer.WritePropertyName(name);
                    if (value is null) writer.WriteNull();
                    else JToken.Parse(value).WriteTo(writer);
                }
                Text("requestId", record.RequestId);
                Text("subjectId", record.SubjectId);
                Text("policyId", record.PolicyId);
                Text("period", record.Period);
                writer.WritePropertyName("revision");
                writer.WriteValue(record.Revision);
                Text("policyVersion", record.PolicyVersion);
                Text("declaredVersion", record.DeclaredVersion);
                Text("recordedAt", LedgerTime.Format(record.RecordedAt));
                Text("requestHash", record.RequestHash);
                Text("historySource", record.HistorySource);
                Text("versionBasis", record.VersionBasis);
                Text("engineVersion", record.EngineVersion);
                Text("groupId", record.GroupId);
                Json("earlierPeriods", record.EarlierJson);
                Text("language", record.Language);
                Json("facts", record.FactsJson);
                Json("outputs", record.OutputsJson);
                Json("outputsDetail", record.OutputsDetailJson);
                Json("explanation", record.ExplanationJson);
                Text("explanationText", record.ExplanationText);
                writer.WritePropertyName("explanationRegenerated");
                writer.WriteValue(record.ExplanationRegenerated);
                Text("erasedAt", record.ErasedAt is { } erasedAt ? LedgerTime.Format(erasedAt) : null);
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
        }
        stdout.WriteLine();
    }

    private static string ShortHash(string version)
    {
        var hash = version[(version.IndexOf(':') + 1)..];
        return hash.Length <= 12 ? hash : hash[..12];
    }

    private static string Pretty(string json) => JToken.Parse(json).ToString(Formatting.Indented);

    private static string Indent(string text) => "  " + text.ReplaceLineEndings("\n").Replace("\n", "\n  ", StringComparison.Ordinal);
}
