using System.Globalization;
using Appraisal.Engine;
using Appraisal.Engine.Evaluation;
using Appraisal.Engine.Facts;
using Appraisal.Engine.Planning;
using Appraisal.Engine.Statements;
using Appraisal.Engine.Testing;
using Appraisal.Engine.Values;
using Appraisal.Ledger.Recording;
using Appraisal.Ledger.Replay;
using Appraisal.Policy.Semantics;
using Appraisal.Policy.Syntax;
using Appraisal.Policy.Text;
using Appraisal.Ledger.Registry;
using Appraisal.Service.Recording;
using Appraisal.Service.Registry;
using Appraisal.Service.V1;
using Grpc.Core;
using Microsoft.Extensions.Options;
using Newtonsoft.Json;
using Diagnostic = Appraisal.Policy.Diagnostics.Diagnostic;
using Lang = Appraisal.Policy.Diagnostics.Language;
using ProtoDiagnostic = Appraisal.Service.V1.Diagnostic;
using ProtoInputField = Appraisal.Service.V1.InputField;
using ProtoLanguage = Appraisal.Service.V1.Language;
using ProtoSeverity = Appraisal.Service.V1.Severity;
using Publication = Appraisal.Ledger.Registry.Publication;

namespace Appraisal.Service.Services;

/// <summary>
/// The gRPC face of the engine: checks the shape of each request (ids, periods, limits), maps it onto the
/// <see cref="PolicyStore"/> and the host-neutral core (<see cref="Appraiser"/>: evaluate, record, replay — the same
/// core the command line uses), and maps the answer or failure back onto the reply or a status. Logs never contain facts.
/// </summary>
public sealed partial class AppraisalService(IPolicyCatalog store, FactLimits limits, ILogger<AppraisalService> logger,
    IOptions<ServiceOptions>? serviceOptions = null, IOptions<EvaluationLimitsOptions>? evaluationLimits = null, Recorder? recorder = null,
    PublicationBook? publications = null, PublicationWatcher? publicationWatcher = null, TimeProvider? clock = null)
    : V1.Appraisal.AppraisalBase
{
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;
    private readonly int _maxSourceChars = (serviceOptions?.Value ?? new ServiceOptions()).MaxSourceChars;
    private readonly long _budget = (evaluationLimits?.Value ?? new EvaluationLimitsOptions()).Budget;
    private readonly int _maxIdChars = (serviceOptions?.Value ?? new ServiceOptions()).MaxIdChars;
    private readonly int _maxEarlierPeriods = (serviceOptions?.Value ?? new ServiceOptions()).MaxEarlierPeriods;
    private readonly Appraiser _appraiser = recorder?.Appraiser ?? new Appraiser(null, TimeProvider.System);

    public override Task<EvaluateReply> Evaluate(EvaluateRequest request, ServerCallContext context)
    {
        context.CancellationToken.ThrowIfCancellationRequested();
        return EvaluateOne(request, "", context.CancellationToken);
    }

    public override async Task EvaluateStream(IAsyncStreamReader<EvaluateStreamRequest> requestStream,
        IServerStreamWriter<EvaluateStreamReply> responseStream, ServerCallContext context)
    {
        // One request at a time: a stream never has more than one evaluation in flight on the server, and HTTP/2 flow
        // control holds back a caller that writes faster than answers are read.
        await foreach (var item in requestStream.ReadAllAsync(context.CancellationToken))
        {
            context.CancellationToken.ThrowIfCancellationRequested();
            using var span = ServiceTelemetry.Source.StartActivity("appraisal.v1.Appraisal/EvaluateStream message"); // tagged with its policy
            var reply = new EvaluateStreamReply { RequestId = item.RequestId };
            if (Decoding.FailureOf(item) is { } undecodable) // its own answer fails, the stream goes on
            {
                reply.Error = undecodable;
                await responseStream.WriteAsync(reply, context.CancellationToken);
                continue;
            }
            try
            {
                reply.Reply = await EvaluateOne(item.Request ?? new EvaluateRequest(), item.RequestId, context.CancellationToken);
            }
            catch (RpcException e)
            {
                reply.Error = Errors.From(e);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                var status = Failures.Internal(logger, context.Method, e);
                reply.Error = new Google.Rpc.Status { Code = (int)status.StatusCode, Message = status.Detail };
            }
            await responseStream.WriteAsync(reply, context.CancellationToken);
        }
    }

    public override Task<EvaluateGroupReply> EvaluateGroup(EvaluateGroupRequest request, ServerCallContext context) =>
        ServiceTelemetry.MeasureEvaluation(resolved => EvaluateGroup(request, context, resolved));

    private async Task<EvaluateGroupReply> EvaluateGroup(EvaluateGroupRequest request, ServerCallContext context, Action<string, string> resolved)
    {
        context.CancellationToken.ThrowIfCancellationRequested();
        var language = LanguageOf(request.Language);
        IdField("request_id", request.RequestId, language);
        var (entry, version, basis) = Resolve(request.PolicyId, request.Version, request.Period, language);
        resolved(entry.Id, version.Hash);
        var json = request.MembersCase switch
        {
            EvaluateGroupRequest.MembersOneofCase.MembersJson => request.MembersJson,
            EvaluateGroupRequest.MembersOneofCase.MembersStruct => StructJson(request.MembersStruct, language, members: true),
            _ => throw Errors.InvalidField("members", "an object of member id → facts (members_json or members_struct) is required").ToException(),
        };
        var result = await _appraiser.EvaluateGroupAsync(new GroupCall
        {
            Policy = Served(entry, version, basis), PinnedVersion = request.Version,
            Period = PeriodField("period", request.Period, language, version.Plan.PeriodKind),
            MembersJson = json, EarlierPeriods = Given(version.Plan, request.EarlierPeriods, language),
            Explanation = Detail(request.Explanation), Language = language, Record = request.Record, RequestId = request.RequestId,
            MaxIdChars = _maxIdChars, Budget = _budget, Limits = limits,
        }, context.CancellationToken);
        if (result.Failure is { } failure) throw Failed(failure, language);
        var reply = Recorder.Reply(result.Value!);
        if (publications?.OfBasis(reply.VersionBasis) is { } publication) reply.Publication = ToProto(publication);
        return reply;
    }

    // ------------------------------------------------------------------------------------------------
    // Statements

    /// <summary>
    /// The statement page of one evaluation (Chinese unless LANGUAGE_EN): the request goes through the core as
    /// <c>Evaluate</c> does; a retry of a recorded request is rendered from its record.
    /// </summary>
    public override async Task<Google.Api.HttpBody> Statement(EvaluateRequest request, ServerCallContext context)
    {
        context.CancellationToken.ThrowIfCancellationRequested();
        var language = request.Language == ProtoLanguage.En ? Lang.En : Lang.Zh;
        var (answer, version) = await Answer(request, "", language, ExplanationDetail.Text, context.CancellationToken);
        var statementContext = new StatementContext
        {
            Subject = request.SubjectId, Period = request.Period, VersionHash = answer.Version, RequestId = answer.Record?.RequestId ?? "",
            Date = DateOnly.FromDateTime((answer.Record?.RecordedAt ?? TimeProvider.System.GetUtcNow()).UtcDateTime),
        };
        return Html(answer.Outcome is { } outcome
            ? Engine.Statements.Statement.Render(outcome, statementContext, language)
            : Engine.Statements.Statement.Render(Recorded(answer.Record!, answer.Version == version.Hash ? version.Plan : null), statementContext, language));
    }

    /// <summary>
    /// The statement of a recorded outcome, from the record as it was decided: its outputs and explanation, with the
    /// plan of the recorded version (maxima, citations) while the store still holds that version.
    /// </summary>
    public override async Task<Google.Api.HttpBody> RecordStatement(RecordStatementRequest request, ServerCallContext context)
    {
        var language = request.Language == ProtoLanguage.En ? Lang.En : Lang.Zh;
        if (string.IsNullOrWhiteSpace(request.RequestId))
            throw Errors.InvalidField("request_id", language == Lang.Zh ? "必须给出请求 id" : "a request id is required").ToException();
        IdField("request_id", request.RequestId, language);
        var query = new Ledger.AuditQuery { RequestId = request.RequestId, Limit = 1 };
        var found = await Recording().QueryAsync(ledger => ledger.AuditAsync(query, context.CancellationToken), language);
        if (found.Count == 0)
            throw Errors.NotFound("record", request.RequestId,
                language == Lang.Zh ? $"没有请求 id 为 '{request.RequestId}' 的记录" : $"no record with request id '{request.RequestId}'").ToException();
        var record = (await Recording().QueryAsync(_ => _appraiser.WithExplanationsAsync(found, context.CancellationToken), language))[0];
        var plan = store.Find(record.PolicyId)?.Version(record.PolicyVersion)?.Plan;
        return Html(Engine.Statements.Statement.Render(Recorded(record, plan), new StatementContext
        {
            Subject = record.SubjectId, Period = record.Period, VersionHash = record.PolicyVersion, RequestId = record.RequestId,
            Date = DateOnly.FromDateTime(record.RecordedAt.UtcDateTime),
        }, language));
    }

    private static Engine.Statements.RecordedStatement Recorded(Ledger.LedgerRecord record, PolicyPlan? plan) => new()
    {
        PolicyId = record.PolicyId, DeclaredVersion = record.DeclaredVersion,
        Outputs = RecordedOutput.FromJson(record.OutputsDetailJson).Select(o => (o.Name, o.Type, o.Value, o.Missing)).ToList(),
        ExplanationJson = record.ExplanationJson, ExplanationText = record.ExplanationText,
        ExplanationLanguage = record.Language == "zh" ? Lang.Zh : Lang.En, ErasedAt = record.ErasedAt, Plan = plan,
    };

    private static Google.Api.HttpBody Html(string page) => new()
    {
        ContentType = "text/html; charset=utf-8", Data = Google.Protobuf.ByteString.CopyFromUtf8(page),
    };

    public override Task<CheckReply> Check(CheckRequest request, ServerCallContext context)
    {
        context.CancellationToken.ThrowIfCancellationRequested();
        var language = LanguageOf(request.Language);
        if (request.Source.Length > _maxSourceChars)
            throw Errors.Limit("source", "max_source_chars", _maxSourceChars, $"at most {_maxSourceChars} characters of policy text").ToException();
        var fileName = string.IsNullOrWhiteSpace(request.FileName) ? "input.policy" : request.FileName;
        var check = PolicyPipeline.Check(new SourceText(fileName, request.Source), IncludeReader.None);
        var reply = new CheckReply
        {
            Errors = check.Diagnostics.Count(d => d.IsError),
            Warnings = check.Diagnostics.Count(d => !d.IsError),
        };
        reply.Diagnostics.AddRange(check.Diagnostics.Select(d => ToProto(d, language)));
        return Task.FromResult(reply);
    }

    public override Task<ListPoliciesReply> ListPolicies(ListPoliciesRequest request, ServerCallContext context)
    {
        var language = LanguageOf(request.Language);
        var reply = new ListPoliciesReply();
        reply.Policies.AddRange(store.Entries.Select(e => Summary(e, e.Current, language)));
        return Task.FromResult(reply);
    }

    public override Task<DescribePolicyReply> DescribePolicy(DescribePolicyRequest request, ServerCallContext context)
    {
        var language = LanguageOf(request.Language);
        var entry = Find(request.PolicyId, language);
        var version = entry.Version(request.Version);
        if (version is null && request.Version.Length > 0) throw VersionNotFound(entry, request.Version, language);
        var reply = new DescribePolicyReply { Summary = Summary(entry, version, language) };
        if (version is null) return Task.FromResult(reply); // broken: status and diagnostics only
        var plan = version.Plan;
        reply.Effective = plan.Effective?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "";
        reply.Inputs.AddRange(plan.Inputs.Fields.Select(ToProto));
        foreach (var (name, fields) in plan.Inputs.RecordFields.OrderBy(r => r.Key, StringComparer.Ordinal))
        {
            var record = new RecordSchema { Name = name };
            record.Fields.AddRange(fields.Select(ToProto));
            reply.Records.Add(record);
        }
        reply.Outputs.AddRange(plan.OutputSchema.Fields.Select(f => new OutputField { Name = f.Name, Type = f.Type.Display }));
        reply.Citations.AddRange(plan.Citations.Select(c => new Citation { Text = c.Text, Line = c.Line, AppliesTo = { c.AppliesTo } }));
        return Task.FromResult(reply);
    }

    public override Task<EchoMessage> Echo(EchoMessage request, ServerCallContext context) => Task.FromResult(request);

    // ------------------------------------------------------------------------------------------------
    // The policy lifecycle: publish and replay

    /// <summary>
    /// Publishes the text sent (or, with none, the version served for the id) in the ledger's registry, through the same
    /// <see cref="Publisher"/> as <c>policy publish</c>: refused unless it checks clean and its tests pass. The publisher
    /// is the caller's configured name. In registry mode this instance serves it before the reply leaves.
    /// </summary>
    public override async Task<PublishPolicyReply> PublishPolicy(PublishPolicyRequest request, ServerCallContext context)
    {
        var language = LanguageOf(request.Language);
        var ledger = recorder?.Ledger ?? throw Recorder.TurnedOff(language);
        PolicyIdField(request.PolicyId, language);
        if (!DateOnly.TryParseExact(request.EffectiveFrom, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var effective))
            throw Errors.InvalidField("effective_from", language == Lang.Zh ? "应为生效日期，例如 2026-04-01" : "expected the date it takes effect, such as 2026-04-01",
                Errors.QuoteShort(request.EffectiveFrom), language).ToException();
        if (request.Message.Length > MaxMessageChars)
            throw Errors.Limit("message", "max_message_chars", MaxMessageChars, $"at most {MaxMessageChars} characters of message").ToException();
        CheckedPolicy check;
        string sourcePath;
        var caller = TokenCheck.Caller(context);
        if (request.Source.Length == 0)
        {
            if (request.Libraries.Count > 0)
                throw Errors.InvalidField("libraries", language == Lang.Zh ? "只有给出 source 时才能给出库文件" : "libraries go with source only").ToException();
            var served = Find(request.PolicyId, language);
            var version = served.Current ?? throw Errors.Broken(served, language).ToException();
            (check, sourcePath) = (version.Source.Check(), version.SourcePath);
        }
        else
        {
            var total = request.Source.Length + request.Libraries.Sum(l => (long)l.Text.Length);
            if (total > _maxSourceChars)
                throw Errors.Limit("source", "max_source_chars", _maxSourceChars, $"at most {_maxSourceChars} characters of policy text, libraries included").ToException();
            check = new Engine.Versions.PolicySource(request.PolicyId + ".policy", request.Source, [.. SourceFiles("libraries", request.Libraries, language)]).Check();
            sourcePath = "rpc:" + caller;
        }
        var published = await Publisher.PublishAsync(ledger, new Publisher.Request(request.PolicyId, check, sourcePath, effective, caller, request.Message),
            _clock.GetUtcNow(), context.CancellationToken);
        if (published.Failure is { } failure) throw Failed(failure, language);
        logger.LogInformation("Published version {Version} of {Id} from {Effective:yyyy-MM-dd} as publication {Publication} by {Caller}",
            published.Value!.Version, published.Value.PolicyId, published.Value.EffectiveFrom, published.Value.Id, caller);
        if (publicationWatcher is not null)
        {
            try
            {
                await publicationWatcher.RefreshAsync(context.CancellationToken);
            }
            catch (System.Data.Common.DbException e) // published and committed; the watcher reads it on its next round
            {
                logger.LogWarning("Publication {Publication} is committed but could not be read back yet: {Message}", published.Value.Id, e.Message);
            }
        }
        return new PublishPolicyReply { Publication = ToProto(published.Value) };
    }

    private const int MaxMessageChars = 4000;

    /// <summary>Libraries sent with policy text: each a relative path ending in <c>.policy</c> (as the include names it), given once.</summary>
    private static List<Engine.Versions.PolicySourceFile> SourceFiles(string field, IReadOnlyList<SourceFile> libraries, Lang language)
    {
        var files = new List<Engine.Versions.PolicySourceFile>(libraries.Count);
        var paths = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < libraries.Count; i++)
        {
            var path = libraries[i].Path;
            if (path.Length == 0 || path.StartsWith('/') || path.Contains('\\') || path.IndexOfAny(ControlCharacters) >= 0 || !path.EndsWith(".policy", StringComparison.Ordinal))
                throw Errors.InvalidField($"{field}[{i}].path", "a relative path ending in .policy, as the include names it", Errors.QuoteShort(path), language).ToException();
            if (!paths.Add(path))
                throw Errors.InvalidField($"{field}[{i}].path", "each library once", Errors.QuoteShort(path), language).ToException();
            files.Add(new Engine.Versions.PolicySourceFile(path, libraries[i].Text));
        }
        return files;
    }

    /// <summary>
    /// Replays recorded decisions through the same <see cref="Replayer"/> as <c>policy replay</c>: one request id, or every
    /// record matching the filters (at most <c>limit</c>, default and maximum 1000, groups replayed whole).
    /// </summary>
    public override async Task<ReplayReply> Replay(ReplayRequest request, ServerCallContext context)
    {
        var language = LanguageOf(request.Language);
        IdField("request_id", request.RequestId, language);
        IdField("subject_id", request.SubjectId, language);
        var period = PeriodField("period", request.Period, language);
        var filtered = period is not null || request.SubjectId.Length > 0 || request.PolicyId.Length > 0;
        if (request.RequestId.Length > 0 && filtered)
            throw Errors.InvalidField("request_id", language == Lang.Zh ? "请求 id 与筛选条件（周期、考核对象、策略）只能给出一种" : "a request id or filters (period, subject, policy), not both").ToException();
        if (request.RequestId.Length == 0 && !filtered)
            throw Errors.InvalidField("request_id", language == Lang.Zh ? "请给出请求 id，或周期、考核对象、策略中的至少一项" : "a request id, or a period, subject or policy to replay").ToException();
        var limit = Limit(request.Limit);
        var recording = Recording();
        var detail = Detail(request.Explanation);
        var reply = new ReplayReply();
        IReadOnlyList<ReplayOutcome> outcomes;
        if (request.RequestId.Length > 0)
        {
            var one = await recording.UseAsync(ledger => new Replayer(ledger).ReplayAsync(request.RequestId, context.CancellationToken), language);
            if (one.Failure is { } failure) throw Failed(failure, language);
            outcomes = [one.Value!];
        }
        else
        {
            var selection = new ReplaySelection
            {
                Period = period?.ToString(), SubjectId = NullIfEmpty(request.SubjectId), PolicyId = NullIfEmpty(request.PolicyId), Limit = limit + 1,
            };
            var summary = await recording.UseAsync(ledger => new Replayer(ledger).ReplayAllAsync(selection, context.CancellationToken), language);
            reply.Truncated = summary.Outcomes.Count > limit;
            outcomes = summary.Outcomes.Take(limit).ToList();
        }
        foreach (var outcome in outcomes)
        {
            var replayed = new ReplayedRecord
            {
                RequestId = outcome.Record.RequestId, SubjectId = outcome.Record.SubjectId, PolicyId = outcome.Record.PolicyId, Period = outcome.Record.Period,
                Revision = outcome.Record.Revision, PolicyVersion = outcome.Record.PolicyVersion, Reason = outcome.Reason,
                RecordedEngine = outcome.Record.EngineVersion, ReplayedEngine = outcome.EngineVersion,
                Status = outcome.Status switch
                {
                    Ledger.Replay.ReplayStatus.Identical => V1.ReplayStatus.Identical,
                    Ledger.Replay.ReplayStatus.Different => V1.ReplayStatus.Different,
                    Ledger.Replay.ReplayStatus.FactsErased => V1.ReplayStatus.FactsErased,
                    Ledger.Replay.ReplayStatus.VersionNotKept => V1.ReplayStatus.VersionNotKept,
                    _ => V1.ReplayStatus.NotReplayable,
                },
            };
            replayed.Differences.AddRange(outcome.Differences.Select(d => new V1.OutputDifference { Name = d.Name, Recorded = d.Recorded ?? "", Replayed = d.Replayed ?? "" }));
            if (outcome.Outcome is { } evaluated)
                (replayed.ExplanationText, replayed.ExplanationJson) = Appraiser.Explain(evaluated, detail, language);
            reply.Records.Add(replayed);
        }
        reply.Identical = outcomes.Count(o => o.Status == Ledger.Replay.ReplayStatus.Identical);
        reply.Different = outcomes.Count(o => o.Status == Ledger.Replay.ReplayStatus.Different);
        reply.FactsErased = outcomes.Count(o => o.Status == Ledger.Replay.ReplayStatus.FactsErased);
        reply.VersionNotKept = outcomes.Count(o => o.Status == Ledger.Replay.ReplayStatus.VersionNotKept);
        reply.NotReplayable = outcomes.Count(o => o.Status == Ledger.Replay.ReplayStatus.NotReplayable);
        return reply;
    }

    /// <summary>
    /// A policy id a caller names for publishing: a relative path without <c>.policy</c> (<c>after-sales/售后客服考核</c>),
    /// no empty, <c>.</c> or <c>..</c> segments, no backslashes or control characters, at most <c>Service:MaxIdChars</c>.
    /// </summary>
    private void PolicyIdField(string id, Lang language)
    {
        if (string.IsNullOrWhiteSpace(id))
            throw Errors.InvalidField("policy_id", language == Lang.Zh ? "必须给出策略 id" : "a policy id is required").ToException();
        IdField("policy_id", id, language);
        if (id.Contains('\\') || id.EndsWith(".policy", StringComparison.Ordinal) || id.Split('/').Any(part => part.Length == 0 || part is "." or ".." || part.Trim() != part))
            throw Errors.InvalidField("policy_id", language == Lang.Zh
                ? "应为策略目录下不带 .policy 的相对路径，例如 after-sales/售后客服考核"
                : "a path under the policy directory without .policy, such as after-sales/售后客服考核", Errors.QuoteShort(id), language).ToException();
    }

    // ------------------------------------------------------------------------------------------------
    // Evaluation

    /// <summary>
    /// One evaluation, through the core (<see cref="Appraiser"/>): with <c>record</c>, a request id recorded before
    /// answers from the ledger (nothing evaluated or written); otherwise the outcome is recorded, with its explanation,
    /// before the reply leaves. A policy with rules over earlier periods whose request carries none reads the subject's
    /// recorded periods from the ledger.
    /// </summary>
    private async Task<EvaluateReply> EvaluateOne(EvaluateRequest request, string streamRequestId, CancellationToken cancellationToken)
    {
        var reply = Recorder.Reply((await Answer(request, streamRequestId, LanguageOf(request.Language), Detail(request.Explanation), cancellationToken)).Answer);
        if (publications?.OfBasis(reply.VersionBasis) is { } publication) reply.Publication = ToProto(publication);
        return reply;
    }

    /// <summary>
    /// An evaluation request's answer from the core (the same path for <c>Evaluate</c>, each message of
    /// <c>EvaluateStream</c> and <c>Statement</c>), counted and timed by policy and status (<see cref="ServiceTelemetry"/>).
    /// </summary>
    private Task<(Answer Answer, PolicyVersion Version)> Answer(EvaluateRequest request, string streamRequestId, Lang language,
        ExplanationDetail detail, CancellationToken cancellationToken) =>
        ServiceTelemetry.MeasureEvaluation(resolved => Answer(request, streamRequestId, language, detail, resolved, cancellationToken));

    private async Task<(Answer Answer, PolicyVersion Version)> Answer(EvaluateRequest request, string streamRequestId, Lang language,
        ExplanationDetail detail, Action<string, string> resolved, CancellationToken cancellationToken)
    {
        IdField("subject_id", request.SubjectId, language);
        IdField("request_id", request.RequestId, language);
        if (request.RequestId.Length == 0) IdField("request_id", streamRequestId, language);
        var target = Target(request.PolicyId, request.Version, request.Period, language);
        resolved(target.Entry.Id, target.Version.Hash);
        var given = Given(target.Version.Plan, request.EarlierPeriods, language);
        var facts = request.FactsCase switch
        {
            EvaluateRequest.FactsOneofCase.FactsJson => new SentFacts(request.FactsJson),
            EvaluateRequest.FactsOneofCase.FactsStruct => FromStruct(request.FactsStruct, language, request.Record),
            _ => throw Errors.InvalidField("facts", "facts (facts_json or facts_struct) are required").ToException(),
        };
        var answer = await Answer(target, facts, request.SubjectId, given, detail, language,
            request.Record, request.RequestId.Length > 0 ? request.RequestId : streamRequestId, cancellationToken);
        return (answer, target.Version);
    }

    /// <summary>
    /// What the fields shared by every fact set of a request resolve to: the policy's entry, the version that answers and
    /// why (<see cref="Resolve"/>), the period checked against the policy's period kind, and the served version as the
    /// core sees it. Once per request (per message of <c>EvaluateBatchStream</c>).
    /// </summary>
    private sealed record EvaluationTarget(PolicyEntry Entry, PolicyVersion Version, string Basis, string PinnedVersion, PeriodValue? Period, ServedPolicy Served);

    private EvaluationTarget Target(string policyId, string pinned, string period, Lang language)
    {
        var (entry, version, basis) = Resolve(policyId, pinned, period, language);
        var checkedPeriod = PeriodField("period", period, language, version.Plan.PeriodKind);
        return new EvaluationTarget(entry, version, basis, pinned, checkedPeriod, Served(entry, version, basis));
    }

    /// <summary>One fact set evaluated against a resolved target, through the core: the part of an evaluation that is each fact set's own.</summary>
    private async Task<Answer> Answer(EvaluationTarget target, SentFacts facts, string subjectId, IReadOnlyList<GivenPeriod> given,
        ExplanationDetail detail, Lang language, bool record, string requestId, CancellationToken cancellationToken)
    {
        var result = await _appraiser.EvaluateAsync(new EvaluationCall
        {
            Policy = target.Served, PinnedVersion = target.PinnedVersion, SubjectId = subjectId, Period = target.Period,
            FactsJson = facts.Json, ReadFacts = facts.Read, EarlierPeriods = given, Explanation = detail, Language = language,
            Record = record, RequestId = requestId, Budget = _budget, Limits = limits,
        }, cancellationToken);
        if (result.Failure is { } failure) throw Failed(failure, language);
        return result.Value!;
    }

    /// <summary>A served version as the core sees it: evaluated by its tiered evaluator, earlier kept versions by hash.</summary>
    private static ServedPolicy Served(PolicyEntry entry, PolicyVersion version, string basis) =>
        new(entry.Id, version.Hash, version.Plan, version.Source, version.Evaluator.Evaluate, hash => entry.Version(hash)?.Plan)
        {
            Basis = basis, SourcePath = version.SourcePath,
        };

    private RpcException Failed(Failure failure, Lang language) => Recorder.Status(failure, language, logger, _appraiser.Ledger?.Description);

    private static ExplanationDetail Detail(ExplanationLevel level) => level switch
    {
        ExplanationLevel.Full => ExplanationDetail.Full,
        ExplanationLevel.None => ExplanationDetail.None,
        _ => ExplanationDetail.Text,
    };

    // ------------------------------------------------------------------------------------------------
    // The ledger

    public override async Task<GetHistoryReply> GetHistory(GetHistoryRequest request, ServerCallContext context)
    {
        if (string.IsNullOrWhiteSpace(request.SubjectId)) throw Errors.InvalidField("subject_id", "a subject id is required").ToException();
        IdField("subject_id", request.SubjectId, Lang.En);
        var from = PeriodField("from_period", Blank(request.FromPeriod), Lang.En);
        var to = PeriodField("to_period", Blank(request.ToPeriod), Lang.En);
        if (from is { } f && to is { } t && f.Kind != t.Kind)
            throw Errors.InvalidField("to_period", $"a period of the same kind as from_period ({f}), found {t}").ToException();
        var query = new Ledger.HistoryQuery(request.SubjectId)
        {
            PolicyId = NullIfEmpty(request.PolicyId),
            FromPeriod = from?.ToString(),
            ToPeriod = to?.ToString(),
            AllRevisions = request.AllRevisions,
            Limit = Limit(request.Limit),
        };
        var records = await Recording().QueryAsync(async ledger =>
            await _appraiser.WithExplanationsAsync(await ledger.HistoryAsync(query, context.CancellationToken), context.CancellationToken), Lang.En);
        var reply = new GetHistoryReply();
        reply.Entries.AddRange(records.Select(Recorder.Entry));
        return reply;
    }

    public override async Task<AuditReply> Audit(AuditRequest request, ServerCallContext context)
    {
        IdField("request_id", request.RequestId, Lang.En);
        IdField("subject_id", request.SubjectId, Lang.En);
        var query = new Ledger.AuditQuery
        {
            RequestId = NullIfEmpty(request.RequestId),
            SubjectId = NullIfEmpty(request.SubjectId),
            PolicyId = NullIfEmpty(request.PolicyId),
            PolicyVersion = NullIfEmpty(request.PolicyVersion),
            Since = TimeField("since", request.Since),
            Until = TimeField("until", request.Until),
            Limit = Limit(request.Limit),
        };
        var records = await Recording().QueryAsync(ledger => ledger.AuditAsync(query, context.CancellationToken), Lang.En);
        var reply = new AuditReply();
        reply.Entries.AddRange(records.Select(Recorder.Audit));
        return reply;
    }

    private Recorder Recording() => recorder ?? throw Recorder.TurnedOff(Lang.En);

    private static string? NullIfEmpty(string text) => string.IsNullOrWhiteSpace(text) ? null : text;

    /// <summary>A blank query bound is no bound.</summary>
    private static string Blank(string text) => string.IsNullOrWhiteSpace(text) ? "" : text;

    private static int Limit(int asked) => asked is > 0 and <= MaxLedgerRows ? asked : MaxLedgerRows;

    private const int MaxLedgerRows = 1000;

    /// <summary>
    /// A period field of a request: null when empty; INVALID_ARGUMENT on that field when it is not a period in its
    /// canonical form (<c>2026-Q2</c>, not <c>2026-q2</c> or <c>" 2026-Q2"</c>), or, when the policy declares its
    /// period kind (<paramref name="kind"/>), not a period of that kind.
    /// </summary>
    private static PeriodValue? PeriodField(string field, string text, Lang language, PeriodKind? kind = null)
    {
        if (text.Length == 0) return null;
        var found = Errors.QuoteShort(text);
        if (!PeriodValue.TryParse(text, out var period) || period.ToString() != text)
        {
            var expected = kind is { } k ? Errors.PeriodExample(k, language)
                : language == Lang.Zh ? "考核周期（例如 2026-Q2、2026-H1、2026-03、2026）" : "a period such as 2026-Q2, 2026-H1, 2026-03 or 2026";
            throw Errors.InvalidField(field, language == Lang.Zh
                ? $"应为规范写法的{expected}"
                : $"expected {expected} in canonical form", found, language).ToException();
        }
        if (kind is { } declared && period.Kind != declared)
            throw Errors.InvalidField(field, language == Lang.Zh
                ? $"策略按{Errors.PeriodKindName(declared, language)}考核：应为{Errors.PeriodExample(declared, language)}"
                : $"the policy is appraised by {Errors.PeriodKindName(declared, language)}: expected {Errors.PeriodExample(declared, language)}", found, language).ToException();
        return period;
    }

    /// <summary>
    /// An id given by the caller (<c>subject_id</c>, <c>request_id</c>): at most <c>Service:MaxIdChars</c> characters
    /// (else RESOURCE_EXHAUSTED naming <c>max_id_chars</c>) and no control characters (else INVALID_ARGUMENT).
    /// </summary>
    private void IdField(string field, string id, Lang language)
    {
        if (id.Length > _maxIdChars)
            throw Errors.Limit(field, "max_id_chars", _maxIdChars, language == Lang.Zh
                ? $"最多 {_maxIdChars} 个字符，实际为 {id.Length} 个"
                : $"at most {_maxIdChars} characters, found {id.Length}").ToException();
        var control = id.IndexOfAny(ControlCharacters);
        if (control >= 0)
            throw Errors.InvalidField(field, language == Lang.Zh
                ? $"不能含控制字符，第 {control + 1} 个字符是 U+{(int)id[control]:X4}"
                : $"no control characters, found U+{(int)id[control]:X4} at character {control + 1}").ToException();
    }

    private static readonly char[] ControlCharacters =
        Enumerable.Range(0, 0x20).Concat(Enumerable.Range(0x7F, 0x21)).Select(c => (char)c).ToArray();

    private static DateTimeOffset? TimeField(string field, string text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time))
            throw Errors.InvalidField(field, "expected an RFC 3339 time such as 2026-04-01T00:00:00Z", JsonConvert.ToString(text)).ToException();
        return time;
    }

    /// <summary>
    /// The version that answers a request, and why (the record's and the reply's version basis): the pinned one
    /// (<c>pinned</c>); from the registry, the one published in force on the first day of the period — today when the
    /// request names none (<c>published:N</c>); else the one this service serves (<c>served</c>).
    /// </summary>
    private (PolicyEntry Entry, PolicyVersion Version, string Basis) Resolve(string id, string pinned, string period, Lang language)
    {
        var entry = Find(id, language);
        if (pinned.Length > 0) return (entry, entry.Version(pinned) ?? throw VersionNotFound(entry, pinned, language), "pinned");
        if (entry.Published.IsEmpty) return (entry, entry.Current ?? throw Errors.Broken(entry, language).ToException(), "served");
        var start = PeriodField("period", period, language) is { } p ? p.Start : DateOnly.FromDateTime(_clock.GetUtcNow().UtcDateTime);
        var all = entry.Published.Select(v => v.Publication).ToList();
        if (PolicyRegistry.InForce(all, entry.Id, start) is not { } inForce)
            throw Failed(new Failure.NotInForce(entry.Id, period.Length > 0 ? period : start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), start,
                PolicyRegistry.InForce(all, entry.Id, all.Min(x => x.EffectiveFrom))), language);
        var published = entry.Published.Last(v => v.Publication.Id == inForce.Id);
        return (entry, published.Version ?? throw Unservable(published, language), inForce.Basis);
    }

    /// <summary>FAILED_PRECONDITION: the publication in force publishes a version this service cannot serve (never an earlier one instead).</summary>
    private static RpcException Unservable(PublishedVersion published, Lang language)
    {
        var p = published.Publication;
        var message = language == Lang.Zh
            ? $"策略 {p.PolicyId} 生效中的发布 {p.Id}（版本 {p.Version}，自 {p.EffectiveFrom:yyyy-MM-dd} 起）无法在本服务上运行：{published.Problem}"
            : $"publication {p.Id} of policy {p.PolicyId} (version {p.Version}, from {p.EffectiveFrom:yyyy-MM-dd}) is in force but cannot be served here: {published.Problem}";
        return Precondition("VERSION_NOT_SERVABLE", $"{p.PolicyId}@{p.Version}", message);
    }

    private PolicyEntry Find(string id, Lang language)
    {
        if (string.IsNullOrWhiteSpace(id))
            throw Errors.InvalidField("policy_id", language == Lang.Zh ? "必须给出策略 id" : "a policy id is required").ToException();
        return store.Find(id) ?? throw Errors.NotFound("policy", id,
            language == Lang.Zh ? $"没有策略 '{id}'" : $"no policy '{id}'").ToException();
    }

    private static RpcException VersionNotFound(PolicyEntry entry, string version, Lang language) =>
        Errors.NotFound("policy version", $"{entry.Id}@{version}",
            language == Lang.Zh ? $"策略 {entry.Id} 没有版本 {version}（当前版本：{entry.Current?.Hash ?? "无"}）"
            : $"policy {entry.Id} has no version {version} (current: {entry.Current?.Hash ?? "none"})").ToException();

    /// <summary>
    /// The earlier periods of a request, for the core: at most <c>Service:MaxEarlierPeriods</c> of them, each given once,
    /// a canonical period of the policy's kind (else a status naming <c>earlier_periods[i]</c>). Their outputs are read
    /// by the core, by the rules of facts.
    /// </summary>
    private IReadOnlyList<GivenPeriod> Given(PolicyPlan plan, IReadOnlyList<V1.EarlierPeriod> earlier, Lang language)
    {
        if (earlier.Count == 0) return []; // the usual case: nothing to check or allocate per fact set
        if (earlier.Count > _maxEarlierPeriods)
            throw Errors.Limit("earlier_periods", "max_earlier_periods", _maxEarlierPeriods, language == Lang.Zh
                ? $"最多 {_maxEarlierPeriods} 个往期，实际为 {earlier.Count} 个"
                : $"at most {_maxEarlierPeriods} earlier periods, found {earlier.Count}").ToException();
        var given = new List<GivenPeriod>(earlier.Count);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < earlier.Count; i++)
        {
            var field = $"earlier_periods[{i}]";
            PeriodField(field + ".period", earlier[i].Period, language, plan.PeriodKind);
            if (earlier[i].Period.Length == 0)
                throw Errors.InvalidField(field + ".period", language == Lang.Zh ? "必须给出往期的考核周期" : "the earlier period is required").ToException();
            if (!seen.Add(earlier[i].Period))
                throw Errors.InvalidField(field + ".period", $"a period given once, found {JsonConvert.ToString(earlier[i].Period)} again").ToException();
            given.Add(new GivenPeriod(earlier[i].Period, earlier[i].OutputsJson));
        }
        return given;
    }

    /// <summary>One fact set as the core reads it: JSON text, or (not recorded) a Struct read straight from the message.</summary>
    private sealed record SentFacts(string Json, Func<InputSchema, FactLimits, FactReadResult>? Read = null);

    /// <summary>
    /// Facts sent as a Struct: read straight from the message, or as JSON text when the evaluation is recorded (the
    /// ledger keeps the text, and a replay reads it); what JSON cannot hold (an empty key, a Value with no kind, NaN) is
    /// INVALID_ARGUMENT at its path either way.
    /// </summary>
    private static SentFacts FromStruct(Google.Protobuf.WellKnownTypes.Struct facts, Lang language, bool record)
    {
        if (record || !StructFacts.IsClean(facts)) return new SentFacts(StructJson(facts, language));
        return new SentFacts("", (schema, limits) => FactReader.Read(schema, StructFacts.Reader(facts), limits));
    }

    /// <summary>Facts as a Struct, as JSON text; what JSON cannot hold (an empty key, a Value with no kind) is INVALID_ARGUMENT at its path.</summary>
    private static string StructJson(Google.Protobuf.WellKnownTypes.Struct facts, Lang language, bool members = false)
    {
        var (json, errors) = StructFacts.ToJson(facts);
        return json ?? throw Errors.Facts(errors, language, members: members).ToException();
    }

    // ------------------------------------------------------------------------------------------------
    // Descriptions

    private static Lang LanguageOf(ProtoLanguage language) => language == ProtoLanguage.Zh ? Lang.Zh : Lang.En;

    private PolicySummary Summary(PolicyEntry entry, PolicyVersion? version, Lang language)
    {
        var file = entry.FileCheck.File;
        var summary = new PolicySummary
        {
            Id = entry.Id,
            // What the serving version says of itself; for a broken policy, what its file says.
            Name = version?.Plan.Name ?? file.Name?.Text ?? "",
            Version = version?.Hash ?? "",
            DeclaredVersion = version is null ? file.Version ?? "" : version.Plan.Version ?? "",
            Period = version?.Plan.PeriodText ?? file.Period?.Text ?? "",
            Status = entry.State switch
            {
                PolicyState.Ready => PolicyStatus.Ready,
                PolicyState.Stale => PolicyStatus.Stale,
                PolicyState.Scheduled => PolicyStatus.Scheduled,
                _ => PolicyStatus.Broken,
            },
            FileVersion = entry.FileHash,
            Source = store.Source,
        };
        if (publications is not null) summary.Publications.AddRange(publications.For(entry.Id).Select(ToProto));
        summary.Diagnostics.AddRange(entry.FileCheck.Diagnostics.Select(d => ToProto(d, language)));
        summary.Diagnostics.AddRange(entry.FailedTests.Select(t => ToProto(t, language)));
        return summary;
    }

    private static V1.Publication ToProto(Publication publication) => new()
    {
        Id = publication.Id, PolicyId = publication.PolicyId, Version = publication.Version,
        EffectiveFrom = publication.EffectiveFrom.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        PublishedBy = publication.PublishedBy, PublishedAt = Recorder.Time(publication.PublishedAt), Message = publication.Message,
    };

    private static ProtoDiagnostic ToProto(Diagnostic diagnostic, Lang language)
    {
        var (line, column) = diagnostic.Span.StartPosition;
        var (endLine, endColumn) = diagnostic.Span.EndPosition;
        return new ProtoDiagnostic
        {
            Code = diagnostic.Code,
            Severity = diagnostic.IsError ? ProtoSeverity.Error : ProtoSeverity.Warning,
            File = diagnostic.Span.File,
            Line = line, Column = column, EndLine = endLine, EndColumn = endColumn,
            Message = diagnostic.Message(language),
            Hint = diagnostic.Hint(language) ?? "",
        };
    }

    /// <summary>A failing test of the policy as an error diagnostic (code <c>TEST_FAILED</c>) at the test.</summary>
    private static ProtoDiagnostic ToProto(FailedTest test, Lang language)
    {
        var (line, column) = test.Span.StartPosition;
        var (endLine, endColumn) = test.Span.EndPosition;
        return new ProtoDiagnostic
        {
            Code = Errors.TestFailedCode, Severity = ProtoSeverity.Error, File = test.Span.File,
            Line = line, Column = column, EndLine = endLine, EndColumn = endColumn, Message = test.Message(language),
        };
    }

    private static ProtoInputField ToProto(Engine.Facts.InputField field)
    {
        var proto = new ProtoInputField
        {
            Name = field.Name,
            Type = field.Type.Display,
            Low = field.Low?.ToString(CultureInfo.InvariantCulture) ?? "",
            High = field.High?.ToString(CultureInfo.InvariantCulture) ?? "",
            Required = field.IsRequired,
            DefaultJson = field.Default is { } d ? ValueJson.ToJson(d, field.Type) : "",
            Description = field.Description ?? "",
        };
        if (field.Type is EnumType enumType) proto.EnumValues.AddRange(enumType.Members);
        return proto;
    }
}
