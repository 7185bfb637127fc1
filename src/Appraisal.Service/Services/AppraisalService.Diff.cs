using System.Globalization;
using System.Text;
using Appraisal.Engine.Values;
using Appraisal.Impact.Diff;
using Appraisal.Impact.Recorded;
using Appraisal.Impact.Reports;
using Appraisal.Impact.Teams;
using Appraisal.Ledger.Registry;
using Appraisal.Service.V1;
using Google.Rpc;
using Grpc.Core;
using Lang = Appraisal.Policy.Diagnostics.Language;

namespace Appraisal.Service.Services;

/// <summary>
/// <c>DiffPolicies</c>: the impact of a change over a population, through the same comparison as <c>policy diff</c>
/// (<see cref="PolicyDiff"/>, the reports of <c>Appraisal.Impact</c>); this file only maps the request onto versions
/// and a population, and the result or the failure onto the reply or a status.
/// </summary>
public sealed partial class AppraisalService
{
    /// <summary>The most bad cells a failed team file reports (all are counted).</summary>
    private const int MaxTeamErrors = 100;

    public override async Task<DiffPoliciesReply> DiffPolicies(DiffPoliciesRequest request, ServerCallContext context)
    {
        var language = LanguageOf(request.Language);
        var entryId = request.PolicyId;
        PolicyIdField(entryId, language);
        var period = PeriodField("period", request.Period, language);
        PeriodValue? recordedPeriod = null;
        if (request.PopulationCase == DiffPoliciesRequest.PopulationOneofCase.RecordedPeriod)
        {
            recordedPeriod = PeriodField("recorded_period", request.RecordedPeriod, language)
                ?? throw Errors.InvalidField("recorded_period", language == Lang.Zh ? "必须给出考核周期" : "a period is required").ToException();
            if (period is { } p && p != recordedPeriod)
                throw Errors.InvalidField("period", language == Lang.Zh ? "与 recorded_period 相同，或不填" : "the same as recorded_period, or empty").ToException();
            period = recordedPeriod;
        }
        if (request.PopulationCase == DiffPoliciesRequest.PopulationOneofCase.None)
            throw Errors.InvalidField("population", language == Lang.Zh
                ? "必须给出人员名单（team_csv、team_xlsx）或已记录的考核周期（recorded_period）"
                : "a team file (team_csv or team_xlsx) or a recorded period (recorded_period) is required").ToException();
        if (request.NewSource.Length == 0 && request.NewVersion.Length == 0)
            throw Errors.InvalidField("new_version", language == Lang.Zh ? "必须给出新版本（new_source 或 new_version）" : "the new version (new_source or new_version) is required").ToException();
        if (request.NewSource.Length > 0 && request.NewVersion.Length > 0)
            throw Errors.InvalidField("new_version", language == Lang.Zh ? "new_source 与 new_version 只能给出一个" : "new_source or new_version, not both").ToException();
        if (request.Top is < 0 or > 1000)
            throw Errors.InvalidField("top", language == Lang.Zh ? "0 到 1000 之间（0：默认 10）" : "from 0 to 1000 (0: the default, 10)").ToException();

        var old = await DiffSideAsync("old_version", entryId, request.OldVersion, period, language, context.CancellationToken);
        var @new = request.NewSource.Length > 0
            ? EditedSide(entryId, request.NewSource, request.NewLibraries, language)
            : await DiffSideAsync("new_version", entryId, request.NewVersion, period, language, context.CancellationToken);
        foreach (var (field, version) in new[] { ("old_version", old), ("new_version", @new) })
        {
            if (period is { } given && version.Plan.PeriodKind is { } kind && given.Kind != kind)
                throw Errors.InvalidField(recordedPeriod is null ? "period" : "recorded_period", language == Lang.Zh
                    ? $"{version.Label} 按{Errors.PeriodKindName(kind, language)}考核：应为{Errors.PeriodExample(kind, language)}"
                    : $"{version.Label} is appraised by {Errors.PeriodKindName(kind, language)}: expected {Errors.PeriodExample(kind, language)}").ToException();
        }
        var numeric = PolicyDiff.Outputs(old.Plan, @new.Plan).Where(o => o.IsNumeric && o.OldType is not null && o.NewType is not null).Select(o => o.Name).ToList();
        foreach (var (field, name) in new[] { ("score_output", request.ScoreOutput), ("money_output", request.MoneyOutput) })
        {
            if (name.Length > 0 && !numeric.Contains(name))
                throw Errors.InvalidField(field, $"a numeric output of both versions ({string.Join(", ", numeric)})", Errors.QuoteShort(name), language).ToException();
        }

        var options = new DiffOptions
        {
            Period = period, Top = request.Top > 0 ? request.Top : 10, Budget = _budget, Limits = limits, MaxErrors = MaxTeamErrors,
            ScoreOutput = request.ScoreOutput.Length > 0 ? request.ScoreOutput : null, MoneyOutput = request.MoneyOutput.Length > 0 ? request.MoneyOutput : null,
            MaxGroupMembers = limits.MaxGroupMembers,
        };
        DiffResult result;
        string population;
        if (recordedPeriod is { } recorded)
        {
            population = "recorded_period";
            var (read, problem) = await Recording().UseAsync(ledger => RecordedPopulation.ReadAsync(ledger, entryId, recorded,
                new RecordedPopulationOptions { EarlierPeriods = old.Plan.ReadsEarlierPeriods || @new.Plan.ReadsEarlierPeriods }, context.CancellationToken), language);
            if (read is null) throw Precondition("RECORDED_PERIOD", entryId, language == Lang.Zh ? problem!.Zh : problem!.En);
            if (read.Source.Records == 0)
                throw Precondition("RECORDED_PERIOD", entryId, language == Lang.Zh
                    ? $"台账中没有 {entryId} 在 {recorded} 的记录" : $"the ledger has no records of {entryId} for {recorded}");
            result = PolicyDiff.Run(old, @new, read, options, context.CancellationToken);
        }
        else
        {
            var (field, format, bytes) = request.PopulationCase == DiffPoliciesRequest.PopulationOneofCase.TeamXlsx
                ? ("team_xlsx", TeamFormat.Xlsx, request.TeamXlsx) : ("team_csv", TeamFormat.Csv, request.TeamCsv);
            population = field;
            using var stream = new MemoryStream(bytes.ToByteArray(), writable: false);
            var opened = TeamFile.Open(stream, format, [old.Plan.Inputs, @new.Plan.Inputs]);
            if (opened.File is not { } team) throw BadTeam(field, opened.Errors, opened.Errors.Count, language);
            using (team) result = PolicyDiff.Run(old, @new, team.Members(), PopulationSource.Team(field), options, context.CancellationToken);
        }
        if (result.Report is not { } report) throw BadTeam(population, result.Errors, result.ErrorCount, language);

        var reportLanguage = request.Language == V1.Language.Unspecified && request.Format == DiffFormat.Html ? Lang.Zh : language;
        var json = new StringWriter(CultureInfo.InvariantCulture);
        DiffJson.Write(json, report, reportLanguage);
        var reply = new DiffPoliciesReply { ReportJson = json.ToString(), Subjects = report.Summary.Subjects, Changed = report.Summary.Changed };
        switch (request.Format)
        {
            case DiffFormat.Html:
                reply.Report = Text(writer => DiffHtml.Write(writer, report, reportLanguage));
                reply.ContentType = "text/html; charset=utf-8";
                break;
            case DiffFormat.Text:
                reply.Report = Text(writer => DiffText.Write(writer, report, reportLanguage));
                reply.ContentType = "text/plain; charset=utf-8";
                break;
            case DiffFormat.Csv:
                using (var csv = new MemoryStream())
                {
                    DiffCsv.Write(csv, report);
                    reply.Report = Google.Protobuf.ByteString.CopyFrom(csv.ToArray());
                }
                reply.ContentType = "text/csv; charset=utf-8";
                break;
        }
        return reply;
    }

    private static Google.Protobuf.ByteString Text(Action<TextWriter> write)
    {
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        write(writer);
        return Google.Protobuf.ByteString.CopyFrom(writer.ToString(), Encoding.UTF8);
    }

    /// <summary>
    /// One side named by the caller: empty, the version this service serves for the period (as Evaluate resolves it); a
    /// registry reference (<c>ledger:…</c>); or a version hash this service holds for the policy.
    /// </summary>
    private async Task<DiffVersion> DiffSideAsync(string field, string policyId, string named, PeriodValue? period, Lang language, CancellationToken cancellationToken)
    {
        if (named.StartsWith(LedgerReference.Prefix, StringComparison.Ordinal))
        {
            var today = DateOnly.FromDateTime(_clock.GetUtcNow().UtcDateTime);
            var lookup = await Recording().UseAsync(ledger => LedgerVersions.ResolveAsync(ledger, named, today, cancellationToken), language);
            if (lookup.Version is { } found) return found;
            var message = language == Lang.Zh ? lookup.Problem!.Zh : lookup.Problem!.En;
            throw lookup.Status switch
            {
                VersionLookupStatus.Malformed => Errors.InvalidField(field, message).ToException(),
                VersionLookupStatus.Unusable => Precondition("VERSION_NOT_SERVABLE", named, message),
                _ => Errors.NotFound("policy version", named, message).ToException(),
            };
        }
        IdField(field, named, language);
        var (entry, version, basis) = Resolve(policyId, named, period?.ToString() ?? "", language);
        var label = language == Lang.Zh ? $"本服务的 {entry.Id}（{basis}）" : $"served {entry.Id} ({basis})";
        return new DiffVersion(label, version.Plan, version.Hash) { Evaluator = version.Evaluator, Source = DiffVersionSource.Service(label, entry.Id) };
    }

    /// <summary>The new side as edited text: checked (with its libraries) like a publication, but its tests not required to pass.</summary>
    private DiffVersion EditedSide(string policyId, string source, IReadOnlyList<SourceFile> libraries, Lang language)
    {
        var total = source.Length + libraries.Sum(l => (long)l.Text.Length);
        if (total > _maxSourceChars)
            throw Errors.Limit("new_source", "max_source_chars", _maxSourceChars, $"at most {_maxSourceChars} characters of policy text, libraries included").ToException();
        var check = new Engine.Versions.PolicySource(policyId + ".policy", source, [.. SourceFiles("new_libraries", libraries, language)]).Check();
        if (check.HasErrors)
        {
            var failure = new PreconditionFailure();
            foreach (var d in check.Diagnostics.Where(d => d.IsError).Take(MaxTeamErrors))
            {
                var (line, column) = d.Span.StartPosition;
                failure.Violations.Add(new PreconditionFailure.Types.Violation { Type = d.Code, Subject = $"{d.Span.File}({line},{column})", Description = d.Message(language) });
            }
            throw Errors.Status(Code.FailedPrecondition, language == Lang.Zh ? "新版本有错误，无法比较" : "the new version has errors: nothing to compare", failure).ToException();
        }
        var plan = Engine.PolicyPipeline.Plan(check).Plan!; // checks clean, so it is planned
        var label = language == Lang.Zh ? "编辑中的版本" : "edited text";
        return new DiffVersion(label, plan, Engine.PolicyHash.Of(check)) { Source = DiffVersionSource.Service(label, policyId) };
    }

    /// <summary>INVALID_ARGUMENT: every bad cell (the first <see cref="MaxTeamErrors"/>) as a field violation naming its row and column.</summary>
    private static RpcException BadTeam(string field, IReadOnlyList<TeamError> errors, int total, Lang language)
    {
        var bad = new BadRequest();
        foreach (var error in errors.Take(MaxTeamErrors))
        {
            var at = error.Row is { } row ? $"[row {row}" + (error.Column is { } column ? $", column {column}]" : "]") : "";
            bad.FieldViolations.Add(new BadRequest.Types.FieldViolation { Field = field + at, Description = error.Format(language) });
        }
        var message = language == Lang.Zh
            ? $"人员名单有 {total} 处错误" + (total > bad.FieldViolations.Count ? $"（列出前 {bad.FieldViolations.Count} 处）" : "")
            : $"the population has {total} bad cell(s)" + (total > bad.FieldViolations.Count ? $" (the first {bad.FieldViolations.Count} listed)" : "");
        return Errors.Status(Code.InvalidArgument, message, bad).ToException();
    }

    private static RpcException Precondition(string type, string subject, string message) =>
        Errors.Status(Code.FailedPrecondition, message, new PreconditionFailure
        {
            Violations = { new PreconditionFailure.Types.Violation { Type = type, Subject = subject, Description = message } },
        }).ToException();
}
