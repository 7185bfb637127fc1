using Appraisal.Engine.Evaluation;
using Appraisal.Engine.Facts;
using Appraisal.Engine.Testing;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using Lang = Appraisal.Policy.Diagnostics.Language;
using RpcStatus = Google.Rpc.Status;

namespace Appraisal.Service;

/// <summary>
/// The statuses the service answers with for a caller's mistake, built as google.rpc.Status with details so a unary
/// call throws them (<see cref="ToException"/>) and a stream answer carries them unchanged.
/// </summary>
public static class Errors
{
    private const string Domain = "appraisal.v1";

    public static RpcException ToException(this RpcStatus status) => status.ToRpcException();

    /// <summary>
    /// A status with details, bounded so that any client can receive it (see <see cref="Bounded"/>). Messages never carry
    /// what the caller sent as facts or identifiers: gRPC infrastructure, proxies and clients log status messages.
    /// Values belong in the details (a violation's description), which only the caller sees.
    /// </summary>
    public static RpcStatus Status(Code code, string message, params IMessage[] details)
    {
        var status = new RpcStatus { Code = (int)code, Message = Clip(message, MaxMessageChars) };
        foreach (var detail in details) status.Details.Add(Any.Pack(detail));
        return Bounded(status);
    }

    /// <summary>
    /// INVALID_ARGUMENT on one field. The message says what is expected; <paramref name="found"/> (what the caller sent)
    /// goes only into the field violation.
    /// </summary>
    public static RpcStatus InvalidField(string field, string description, string? found = null, Lang language = Lang.En) =>
        Status(Code.InvalidArgument, $"{field}: {description}",
            new BadRequest
            {
                FieldViolations =
                {
                    new BadRequest.Types.FieldViolation
                    {
                        Field = field,
                        Description = found is null ? description : language == Lang.Zh ? $"{description}，实际为 {found}" : $"{description}, found {found}",
                    },
                },
            });

    /// <summary>A configured limit exceeded: RESOURCE_EXHAUSTED with a QuotaFailure and an ErrorInfo naming the limit.</summary>
    public static RpcStatus Limit(string subject, string limit, long max, string description) =>
        Status(Code.ResourceExhausted, $"{subject}: {description} (limit {limit})",
            new QuotaFailure { Violations = { new QuotaFailure.Types.Violation { Subject = subject, Description = $"{description} (limit {limit})" } } },
            new ErrorInfo { Reason = "LIMIT_EXCEEDED", Domain = Domain, Metadata = { ["limit"] = limit, ["max"] = max.ToString(System.Globalization.CultureInfo.InvariantCulture) } });

    /// <summary>Rejected facts: RESOURCE_EXHAUSTED naming the limit when one was exceeded, else INVALID_ARGUMENT.</summary>
    /// <param name="members">The facts of a group, whose paths begin with a member id: the message leaves the id out.</param>
    public static RpcStatus Facts(IReadOnlyList<FactError> errors, Lang language, string pathPrefix = "", bool members = false)
    {
        var chinese = language == Lang.Zh;
        string Expected(FactError e) => chinese ? e.ExpectedZh ?? e.Expected : e.Expected;
        string Found(FactError e) => chinese ? e.FoundZh ?? e.Found : e.Found;
        string Field(FactError e) => pathPrefix.Length == 0 ? e.Path : pathPrefix + e.Path[1..];
        string Description(FactError e) => chinese ? $"应为{Expected(e)}，实际为 {Found(e)}" : $"expected {Expected(e)}, found {Found(e)}";

        var limits = errors.Where(e => e.Kind == FactErrorKind.LimitExceeded).ToList();
        if (limits.Count > 0)
        {
            var quota = new QuotaFailure();
            foreach (var e in limits) quota.Violations.Add(new QuotaFailure.Types.Violation { Subject = Field(e), Description = Description(e) });
            var first = limits[0];
            return Status(Code.ResourceExhausted,
                chinese ? $"事实超出限制：{Field(first)}：{Expected(first)}" : $"fact limit exceeded at {Field(first)}: {Expected(first)}",
                quota, new ErrorInfo { Reason = "FACT_LIMIT_EXCEEDED", Domain = Domain, Metadata = { ["limit"] = Expected(first) } });
        }
        var badRequest = new BadRequest();
        foreach (var e in errors) badRequest.FieldViolations.Add(new BadRequest.Types.FieldViolation { Field = Field(e), Description = Description(e) });
        // The message names the first field and what it expects; the values found (and member ids) are in the violations only.
        var where = members ? (chinese ? "某成员的 " : "a member's ") + MemberRelative(errors[0].Path) : Field(errors[0]);
        var summary = errors.Count == 1
            ? chinese ? $"{where}：应为{Expected(errors[0])}" : $"{where}: expected {Expected(errors[0])}"
            : chinese ? $"{errors.Count} 处事实有误；第一处 {where}：应为{Expected(errors[0])}"
            : $"{errors.Count} invalid facts; first {where}: expected {Expected(errors[0])}";
        return Status(Code.InvalidArgument, summary, badRequest);
    }

    /// <summary>A group's path without its first segment, the member id: <c>$['E001'].素质</c> → <c>$.素质</c>.</summary>
    private static string MemberRelative(string path)
    {
        if (path.StartsWith("$['", StringComparison.Ordinal))
        {
            var i = 3;
            while (i < path.Length && path[i] != '\'') i += path[i] == '\\' ? 2 : 1;
            return "$" + path[Math.Min(path.Length, i + 2)..];
        }
        if (path.StartsWith("$.", StringComparison.Ordinal))
        {
            var end = path.IndexOfAny(['.', '['], 2);
            return end < 0 ? "$" : "$" + path[end..];
        }
        return path;
    }

    /// <summary>
    /// A located runtime fault: INVALID_ARGUMENT for a fault in the data (division by zero, no table row) or context
    /// the request lacks (the period, earlier periods), RESOURCE_EXHAUSTED for the evaluation budget.
    /// </summary>
    public static RpcStatus Evaluation(EvaluationException error, Lang language)
    {
        var (line, column) = error.Span.StartPosition;
        var kind = error.Kind switch
        {
            EvaluationErrorKind.BudgetExceeded => "EVALUATION_BUDGET_EXCEEDED",
            EvaluationErrorKind.MissingContext => "MISSING_CONTEXT",
            _ => "EVALUATION_FAULT",
        };
        var message = language == Lang.Zh ? error.MessageZh : error.Message;
        // A runtime fault's message may quote values computed from the facts ("no row matches 退款率 = 0.37"): the
        // status message names the place only, the full message travels in a LocalizedMessage.
        var summary = error.Kind != EvaluationErrorKind.Runtime ? message
            : language == Lang.Zh ? "求值出错（详情见 google.rpc.LocalizedMessage）" : "evaluation fault (details in google.rpc.LocalizedMessage)";
        return Status(error.Kind == EvaluationErrorKind.BudgetExceeded ? Code.ResourceExhausted : Code.InvalidArgument,
            $"{error.Span.File}({line},{column}): {summary}",
            new LocalizedMessage { Locale = language == Lang.Zh ? "zh-CN" : "en-US", Message = $"{error.Span.File}({line},{column}): {message}" },
            new ErrorInfo
            {
                Reason = kind, Domain = Domain,
                Metadata = { ["file"] = error.Span.File, ["line"] = line.ToString(), ["column"] = column.ToString() },
            }.WithLimit(error.Kind == EvaluationErrorKind.BudgetExceeded ? "Evaluation:Budget" : null));
    }

    public static RpcStatus NotFound(string resourceType, string name, string message) =>
        Status(Code.NotFound, message, new ResourceInfo { ResourceType = resourceType, ResourceName = name, Description = message });

    /// <summary>The policy has errors and no good version: its error diagnostics as precondition violations.</summary>
    public static RpcStatus Broken(PolicyEntry entry, Lang language)
    {
        var failure = new PreconditionFailure();
        foreach (var d in entry.FileCheck.Diagnostics.Where(d => d.IsError))
        {
            var (line, column) = d.Span.StartPosition;
            failure.Violations.Add(new PreconditionFailure.Types.Violation
            {
                Type = d.Code, Subject = $"{d.Span.File}({line},{column})", Description = d.Message(language),
            });
        }
        failure.Violations.AddRange(entry.FailedTests.Select(t => TestFailed(t, language)));
        var message = language == Lang.Zh
            ? $"策略 {entry.Id} 有 {failure.Violations.Count} 个错误，且没有可用的版本"
            : $"policy {entry.Id} has {failure.Violations.Count} error(s) and no good version";
        return Status(Code.FailedPrecondition, message, failure);
    }

    private static ErrorInfo WithLimit(this ErrorInfo info, string? limit)
    {
        if (limit is not null) info.Metadata["limit"] = limit;
        return info;
    }

    /// <summary>The status an exception stands for, for a stream answer.</summary>
    public static RpcStatus From(RpcException exception) =>
        exception.GetRpcStatus() ?? new RpcStatus { Code = (int)exception.StatusCode, Message = exception.Status.Detail };

    // ------------------------------------------------------------------------------------------------
    // Bounds: every status fits well inside the 8 KB of metadata that grpc-go, Envoy and others accept by default.
    // The status travels twice in the trailers: grpc-message (percent-encoded UTF-8: up to 9 bytes per Chinese
    // character) and grpc-status-details-bin (base64 of the whole google.rpc.Status, message included).

    /// <summary>The longest status message, in characters (ids and values in it are cut with an ellipsis).</summary>
    public const int MaxMessageChars = 200;

    /// <summary>The longest text of one detail field (a violation's field or description, a resource name).</summary>
    public const int MaxDetailTextChars = 200;

    /// <summary>At most this many violations are listed; the rest are counted in an ErrorInfo <c>VIOLATIONS_TRUNCATED</c>.</summary>
    public const int MaxViolations = 100;

    /// <summary>The most the violations of one status may take, encoded (bytes); with the message, base64 and
    /// percent-encoding the whole trailer stays under about 7 KB.</summary>
    public const int MaxViolationBytes = 3000;

    /// <summary>
    /// Cuts every text of the details to <see cref="MaxDetailTextChars"/> and keeps the violations (BadRequest,
    /// QuotaFailure, PreconditionFailure) that fit <see cref="MaxViolations"/> and <see cref="MaxViolationBytes"/>; when
    /// some are left out, an ErrorInfo with reason <c>VIOLATIONS_TRUNCATED</c> says how many there were (metadata
    /// <c>total</c>, <c>shown</c>).
    /// </summary>
    public static RpcStatus Bounded(RpcStatus status)
    {
        var budget = new ViolationBudget();
        var bounded = new RpcStatus { Code = status.Code, Message = Clip(status.Message, MaxMessageChars) };
        foreach (var any in status.Details)
        {
            if (any.TryUnpack<BadRequest>(out var badRequest))
            {
                var kept = new BadRequest();
                kept.FieldViolations.AddRange(budget.Keep(badRequest.FieldViolations, v => new BadRequest.Types.FieldViolation
                {
                    Field = Clip(v.Field, MaxDetailTextChars), Description = Clip(v.Description, MaxDetailTextChars), Reason = Clip(v.Reason, MaxDetailTextChars),
                }));
                bounded.Details.Add(Any.Pack(kept));
            }
            else if (any.TryUnpack<QuotaFailure>(out var quota))
            {
                var kept = new QuotaFailure();
                kept.Violations.AddRange(budget.Keep(quota.Violations, v => new QuotaFailure.Types.Violation
                {
                    Subject = Clip(v.Subject, MaxDetailTextChars), Description = Clip(v.Description, MaxDetailTextChars),
                }));
                bounded.Details.Add(Any.Pack(kept));
            }
            else if (any.TryUnpack<PreconditionFailure>(out var precondition))
            {
                var kept = new PreconditionFailure();
                kept.Violations.AddRange(budget.Keep(precondition.Violations, v => new PreconditionFailure.Types.Violation
                {
                    Type = Clip(v.Type, MaxDetailTextChars), Subject = Clip(v.Subject, MaxDetailTextChars), Description = Clip(v.Description, MaxDetailTextChars),
                }));
                bounded.Details.Add(Any.Pack(kept));
            }
            else if (any.TryUnpack<ResourceInfo>(out var resource))
            {
                bounded.Details.Add(Any.Pack(new ResourceInfo
                {
                    ResourceType = Clip(resource.ResourceType, MaxDetailTextChars), ResourceName = Clip(resource.ResourceName, MaxDetailTextChars),
                    Owner = Clip(resource.Owner, MaxDetailTextChars), Description = Clip(resource.Description, MaxDetailTextChars),
                }));
            }
            else if (any.TryUnpack<ErrorInfo>(out var info))
            {
                var kept = new ErrorInfo { Reason = info.Reason, Domain = info.Domain };
                foreach (var (key, value) in info.Metadata) kept.Metadata[key] = Clip(value, MaxDetailTextChars);
                bounded.Details.Add(Any.Pack(kept));
            }
            else if (any.TryUnpack<LocalizedMessage>(out var localized))
            {
                bounded.Details.Add(Any.Pack(new LocalizedMessage { Locale = localized.Locale, Message = Clip(localized.Message, 2 * MaxDetailTextChars) }));
            }
            else
            {
                throw new InvalidOperationException($"Errors.Bounded does not know how to bound {any.TypeUrl}"); // a bug of ours: every detail we send is listed above
            }
        }
        if (budget.Dropped > 0)
        {
            bounded.Details.Add(Any.Pack(new ErrorInfo
            {
                Reason = "VIOLATIONS_TRUNCATED", Domain = Domain,
                Metadata =
                {
                    ["total"] = (budget.Shown + budget.Dropped).ToString(System.Globalization.CultureInfo.InvariantCulture),
                    ["shown"] = budget.Shown.ToString(System.Globalization.CultureInfo.InvariantCulture),
                },
            }));
        }
        return bounded;
    }

    /// <summary><paramref name="text"/> cut to at most <paramref name="max"/> characters, ending in "…" when cut (never inside a surrogate pair).</summary>
    public static string Clip(string text, int max)
    {
        if (text.Length <= max) return text;
        var length = max - 1;
        if (char.IsHighSurrogate(text[length - 1])) length--;
        return string.Concat(text.AsSpan(0, length), "…");
    }

    /// <summary>How many violations one status still has room for.</summary>
    private sealed class ViolationBudget
    {
        private int _bytes;

        public int Shown { get; private set; }

        public int Dropped { get; private set; }

        public IEnumerable<T> Keep<T>(IEnumerable<T> violations, Func<T, T> clip) where T : IMessage
        {
            var kept = new List<T>();
            foreach (var violation in violations)
            {
                var bounded = clip(violation);
                var size = bounded.CalculateSize() + 3; // tag and length of the repeated field
                if (Shown < MaxViolations && _bytes + size <= MaxViolationBytes)
                {
                    kept.Add(bounded);
                    _bytes += size;
                    Shown++;
                }
                else
                {
                    Dropped++;
                }
            }
            return kept;
        }
    }

    // ------------------------------------------------------------------------------------------------
    // Periods and quoted input (strict input, one meaning per request)

    /// <summary>A caller's text quoted as a JSON string, cut to 40 characters so an error stays small.</summary>
    public static string QuoteShort(string text) =>
        Newtonsoft.Json.JsonConvert.ToString(text.Length <= 40 ? text : text[..40]) + (text.Length <= 40 ? "" : "…");

    /// <summary>What a period of this kind looks like, for an error message: "a quarter such as 2026-Q2".</summary>
    public static string PeriodExample(Appraisal.Policy.Syntax.PeriodKind kind, Lang language) => (kind, language == Lang.Zh) switch
    {
        (Appraisal.Policy.Syntax.PeriodKind.Month, false) => "a month such as 2026-03",
        (Appraisal.Policy.Syntax.PeriodKind.Quarter, false) => "a quarter such as 2026-Q2",
        (Appraisal.Policy.Syntax.PeriodKind.Half, false) => "a half year such as 2026-H1",
        (_, false) => "a year such as 2026",
        (Appraisal.Policy.Syntax.PeriodKind.Month, true) => "月份（例如 2026-03）",
        (Appraisal.Policy.Syntax.PeriodKind.Quarter, true) => "季度（例如 2026-Q2）",
        (Appraisal.Policy.Syntax.PeriodKind.Half, true) => "半年（例如 2026-H1）",
        _ => "年份（例如 2026）",
    };

    public static string PeriodKindName(Appraisal.Policy.Syntax.PeriodKind kind, Lang language) => (kind, language == Lang.Zh) switch
    {
        (Appraisal.Policy.Syntax.PeriodKind.Month, false) => "month",
        (Appraisal.Policy.Syntax.PeriodKind.Quarter, false) => "quarter",
        (Appraisal.Policy.Syntax.PeriodKind.Half, false) => "half year",
        (_, false) => "year",
        (Appraisal.Policy.Syntax.PeriodKind.Month, true) => "月",
        (Appraisal.Policy.Syntax.PeriodKind.Quarter, true) => "季度",
        (Appraisal.Policy.Syntax.PeriodKind.Half, true) => "半年",
        _ => "年",
    };

    // ------------------------------------------------------------------------------------------------
    // A policy whose own tests fail

    /// <summary>The diagnostic code and precondition type of a failing test of a policy.</summary>
    public const string TestFailedCode = "TEST_FAILED";

    public static PreconditionFailure.Types.Violation TestFailed(FailedTest test, Lang language)
    {
        var (line, column) = test.Span.StartPosition;
        return new PreconditionFailure.Types.Violation
        {
            Type = TestFailedCode, Subject = $"{test.Span.File}({line},{column})", Description = test.Message(language),
        };
    }
}
