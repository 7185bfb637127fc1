namespace Appraisal.Service;

/// <summary>
/// Traces and metrics (configuration section <c>Telemetry</c>; see <see cref="ServiceTelemetry"/>). OTLP export is on
/// when an endpoint is configured, here or by OpenTelemetry's own <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>.
/// </summary>
public sealed class TelemetryOptions
{
    public const string Section = "Telemetry";

    /// <summary>The path of the Prometheus text on the REST face.</summary>
    public const string MetricsPath = "/metrics";

    /// <summary>Serve the metrics as Prometheus text at <see cref="MetricsPath"/> (default on).</summary>
    public bool Metrics { get; set; } = true;

    /// <summary>
    /// Record traces (spans per RPC). Default: on exactly when an OTLP endpoint is configured, since without an
    /// exporter nobody would read them.
    /// </summary>
    public bool? Traces { get; set; }

    /// <summary>The OTLP collector (e.g. <c>http://127.0.0.1:4317</c>); empty: <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>, or no export.</summary>
    public string? OtlpEndpoint { get; set; }
}
