using System.Diagnostics;
using System.Diagnostics.Metrics;
using Appraisal.Ledger;
using Grpc.Core;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using StatusCode = Grpc.Core.StatusCode;

namespace Appraisal.Service;

/// <summary>
/// The service's traces and metrics, with OpenTelemetry. Like logs, they never carry facts: span attributes and metric
/// labels are the method, the policy id and version, a status code, an outcome — never a fact value, a subject id or a
/// request id, and no URL (REST paths carry subject ids).
/// <list type="bullet">
/// <item>Traces (source <see cref="Name"/>): a span per RPC (<see cref="RpcTracing"/>) and one per message of a stream, with
/// <see cref="PolicyIdTag"/> and <see cref="PolicyVersionTag"/> once the policy is resolved; ASP.NET Core's request spans
/// beneath them without <c>url.path</c> and <c>url.query</c>.</item>
/// <item>Metrics (meter <see cref="Name"/>, and <see cref="LedgerMetrics"/>): evaluations and their errors by policy and
/// status, evaluation latency, policy reloads by outcome, ledger batch sizes and commit latency; ASP.NET Core's request
/// metrics (by route template).</item>
/// </list>
/// Exported over OTLP when an endpoint is configured (<see cref="TelemetryOptions"/>), and scraped as Prometheus text at
/// <c>/metrics</c>.
/// </summary>
public static class ServiceTelemetry
{
    public const string Name = "Appraisal.Service";

    public const string PolicyIdTag = "appraisal.policy.id";
    public const string PolicyVersionTag = "appraisal.policy.version";

    /// <summary>The metric label of a policy id that names no known policy (so a caller cannot mint label values).</summary>
    public const string UnknownPolicy = "(unknown)";

    public static readonly ActivitySource Source = new(Name);

    private static readonly Meter Meter = new(Name);

    private static readonly Counter<long> Evaluations = Meter.CreateCounter<long>("appraisal.evaluations", "{evaluation}",
        "Evaluations answered (Evaluate, each message of EvaluateStream, each item of EvaluateBatchStream and each of its messages refused whole, EvaluateGroup, statements), by policy and status");

    private static readonly Counter<long> EvaluationErrors = Meter.CreateCounter<long>("appraisal.evaluation.errors", "{evaluation}",
        "Evaluations answered with an error status, by policy and status");

    private static readonly Histogram<double> EvaluationDuration = Meter.CreateHistogram<double>("appraisal.evaluation.duration", "s",
        "Time from the request read to the answer ready (recording included), by policy and status",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5] });

    private static readonly Counter<long> PolicyReloads = Meter.CreateCounter<long>("appraisal.policy.reloads", "{reload}",
        "Policy files checked (at start and on every change; in registry mode each published version when first read), by policy and outcome: loaded, kept_last_good, broken, removed");

    /// <summary>
    /// Measures one evaluation: <paramref name="evaluate"/> reports the policy and version it resolved (which also tags
    /// the current span); the status is OK, the status of an <see cref="RpcException"/>, CANCELLED, or else INTERNAL.
    /// </summary>
    public static async Task<T> MeasureEvaluation<T>(Func<Action<string, string>, Task<T>> evaluate)
    {
        var policy = UnknownPolicy;
        var status = StatusCode.Internal;
        var started = Stopwatch.GetTimestamp();
        try
        {
            var result = await evaluate((id, version) =>
            {
                policy = id;
                TagPolicy(id, version);
            });
            status = StatusCode.OK;
            return result;
        }
        catch (RpcException e)
        {
            status = e.StatusCode;
            throw;
        }
        catch (OperationCanceledException)
        {
            status = StatusCode.Cancelled;
            throw;
        }
        finally
        {
            var tags = new TagList { { "policy_id", policy }, { "status", StatusName(status) } };
            Evaluations.Add(1, tags);
            if (status != StatusCode.OK) EvaluationErrors.Add(1, tags);
            EvaluationDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, tags);
        }
    }

    /// <summary>
    /// A request refused before any fact set was evaluated (a message of <c>EvaluateBatchStream</c> failing as a whole):
    /// counted once, as one failed evaluation of <paramref name="policyId"/> (<see cref="UnknownPolicy"/> when not resolved).
    /// </summary>
    public static void Refused(string policyId, StatusCode status, long startedTimestamp)
    {
        var tags = new TagList { { "policy_id", policyId }, { "status", StatusName(status) } };
        Evaluations.Add(1, tags);
        EvaluationErrors.Add(1, tags);
        EvaluationDuration.Record(Stopwatch.GetElapsedTime(startedTimestamp).TotalSeconds, tags);
    }

    /// <summary>The policy and version on the current span (the RPC's, or a stream message's).</summary>
    public static void TagPolicy(string id, string version)
    {
        if (Activity.Current is not { } activity || activity.Source != Source) return;
        activity.SetTag(PolicyIdTag, id);
        activity.SetTag(PolicyVersionTag, version);
    }

    /// <summary>One policy file checked: <c>loaded</c>, <c>kept_last_good</c>, <c>broken</c> or <c>removed</c>.</summary>
    public static void PolicyReloaded(string id, string outcome) =>
        PolicyReloads.Add(1, new TagList { { "policy_id", id }, { "outcome", outcome } });

    /// <summary>A gRPC status code as the spec spells it: <c>OK</c>, <c>INVALID_ARGUMENT</c>, <c>NOT_FOUND</c>, …</summary>
    public static string StatusName(StatusCode code) => code switch
    {
        StatusCode.OK => "OK",
        StatusCode.Cancelled => "CANCELLED",
        StatusCode.Unknown => "UNKNOWN",
        StatusCode.InvalidArgument => "INVALID_ARGUMENT",
        StatusCode.DeadlineExceeded => "DEADLINE_EXCEEDED",
        StatusCode.NotFound => "NOT_FOUND",
        StatusCode.AlreadyExists => "ALREADY_EXISTS",
        StatusCode.PermissionDenied => "PERMISSION_DENIED",
        StatusCode.Unauthenticated => "UNAUTHENTICATED",
        StatusCode.ResourceExhausted => "RESOURCE_EXHAUSTED",
        StatusCode.FailedPrecondition => "FAILED_PRECONDITION",
        StatusCode.Aborted => "ABORTED",
        StatusCode.OutOfRange => "OUT_OF_RANGE",
        StatusCode.Unimplemented => "UNIMPLEMENTED",
        StatusCode.Internal => "INTERNAL",
        StatusCode.Unavailable => "UNAVAILABLE",
        StatusCode.DataLoss => "DATA_LOSS",
        _ => ((int)code).ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    /// <summary>Whether OTLP export is configured: <c>Telemetry:OtlpEndpoint</c> or <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>.</summary>
    public static bool OtlpConfigured(IConfiguration configuration, TelemetryOptions options) =>
        !string.IsNullOrWhiteSpace(options.OtlpEndpoint) || !string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);

    /// <summary>OpenTelemetry for the service: metrics always (Prometheus unless <c>Telemetry:Metrics=false</c>), traces when asked for, OTLP when configured.</summary>
    public static WebApplicationBuilder AddTelemetry(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(TelemetryOptions.Section).Get<TelemetryOptions>() ?? new TelemetryOptions();
        var otlp = OtlpConfigured(builder.Configuration, options);
        void Otlp(OpenTelemetry.Exporter.OtlpExporterOptions exporter)
        {
            if (!string.IsNullOrWhiteSpace(options.OtlpEndpoint)) exporter.Endpoint = new Uri(options.OtlpEndpoint.Trim());
        }

        var telemetry = builder.Services.AddOpenTelemetry();
        if (string.IsNullOrWhiteSpace(builder.Configuration["OTEL_SERVICE_NAME"]))
            telemetry.ConfigureResource(resource => resource.AddService("appraisal-service"));
        telemetry.WithMetrics(metrics =>
        {
            metrics.AddMeter(Name, LedgerMetrics.MeterName).AddAspNetCoreInstrumentation();
            // No response cache: a scrape shows every measurement made before it.
            if (options.Metrics) metrics.AddPrometheusExporter(prometheus => prometheus.ScrapeResponseCacheDurationMilliseconds = 0);
            if (otlp) metrics.AddOtlpExporter(Otlp);
        });
        if (options.Traces ?? otlp)
        {
            telemetry.WithTracing(tracing =>
            {
                tracing.AddSource(Name).AddAspNetCoreInstrumentation(aspNetCore =>
                {
                    // REST paths and query strings carry subject and request ids: the route template (http.route) stays.
                    aspNetCore.EnrichWithHttpRequest = (activity, _) =>
                    {
                        activity.SetTag("url.path", null);
                        activity.SetTag("url.query", null);
                    };
                    aspNetCore.RecordException = false; // an exception's message may quote a fact
                });
                if (otlp) tracing.AddOtlpExporter(Otlp);
            });
        }
        return builder;
    }

    /// <summary>
    /// <c>/metrics</c> (unless <c>Telemetry:Metrics=false</c>). When bearer tokens are configured it needs one, like every
    /// call but the health checks: Prometheus sends it (<c>authorization: {credentials: …}</c> in its scrape config).
    /// </summary>
    public static WebApplication MapMetrics(this WebApplication app)
    {
        var options = app.Configuration.GetSection(TelemetryOptions.Section).Get<TelemetryOptions>() ?? new TelemetryOptions();
        if (!options.Metrics) return app;
        var tokens = app.Services.GetRequiredService<TokenCheck>();
        app.MapPrometheusScrapingEndpoint(TelemetryOptions.MetricsPath, meterProvider: null, configureBranchedPipeline: branch => branch.Use(
            async (context, next) =>
            {
                if (tokens.Refusal(context.Request.Headers.Authorization.ToString()) is { } refusal)
                {
                    context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                    context.Response.ContentType = "text/plain; charset=utf-8";
                    await context.Response.WriteAsync(refusal);
                    return;
                }
                await next(context);
            }), optionsName: null);
        return app;
    }
}
