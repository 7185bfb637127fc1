using Appraisal.Engine.Evaluation;
using Appraisal.Engine.Facts;
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

    public static RpcStatus Status(Code code, string message, params IMessage[] details)
    {
        var status = new RpcStatus { Code = (int)code, Message = message };
        foreach (var detail in details) status.Details.Add(Any.Pack(detail));
        return status;
    }

    public static RpcStatus InvalidField(string field, string description) =>
        Status(Code.InvalidArgument, $"{field}: {description}",
            new BadRequest { FieldViolations = { new BadRequest.Types.FieldViolation { Field = field, Description = description } } });

    /// <summary>A configured limit exceeded: RESOURCE_EXHAUSTED with a QuotaFailure and an ErrorInfo naming the limit.</summary>
    public static RpcStatus Limit(string subject, string limit, long max, string description) =>
        Status(Code.ResourceExhausted, $"{subject}: {description} (limit {limit})",
            new QuotaFailure { Violations = { new QuotaFailure.Types.Violation { Subject = subject, Description = $"{description} (limit {limit})" } } },
            new ErrorInfo { Reason = "LIMIT_EXCEEDED", Domain = Domain, Metadata = { ["limit"] = limit, ["max"] = max.ToString(System.Globalization.CultureInfo.InvariantCulture) } });

    /// <summary>Rejected facts: RESOURCE_EXHAUSTED naming the limit when one was exceeded, else INVALID_ARGUMENT.</summary>
    public static RpcStatus Facts(IReadOnlyList<FactError> errors, Lang language, string pathPrefix = "")
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
        var summary = errors.Count == 1
            ? $"{Field(errors[0])}: {Description(errors[0])}"
            : chinese ? $"{errors.Count} 处事实有误；第一处 {Field(errors[0])}：{Description(errors[0])}"
            : $"{errors.Count} invalid facts; first {Field(errors[0])}: {Description(errors[0])}";
        return Status(Code.InvalidArgument, summary, badRequest);
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
        return Status(error.Kind == EvaluationErrorKind.BudgetExceeded ? Code.ResourceExhausted : Code.InvalidArgument,
            $"{error.Span.File}({line},{column}): {message}",
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
