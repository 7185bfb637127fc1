namespace Appraisal.Service;

/// <summary>Where the service listens and what one request may ask of it (configuration section <c>Service</c>).</summary>
public sealed class ServiceOptions
{
    public const string Section = "Service";

    /// <summary>
    /// The address of the gRPC endpoint and the REST endpoint. Ignored, like the ports, when <c>Kestrel:Endpoints</c>
    /// is configured: then Kestrel's own endpoint settings (URLs, protocols, certificates) are the whole story.
    /// </summary>
    public string Address { get; set; } = "127.0.0.1";

    /// <summary>The gRPC endpoint: plain-text HTTP/2 (prior knowledge).</summary>
    public int Port { get; set; } = 5080;

    /// <summary>The REST/JSON endpoint (gRPC JSON transcoding): HTTP/1.1. 0 turns it off.</summary>
    public int RestPort { get; set; } = 5081;

    /// <summary>
    /// The largest request the server accepts, on both faces: one gRPC message, and one REST/JSON request body
    /// (larger: RESOURCE_EXHAUSTED).
    /// </summary>
    public int MaxReceiveMessageBytes { get; set; } = 8 * 1024 * 1024;

    /// <summary>The most characters of a <c>subject_id</c> or <c>request_id</c> (limit <c>max_id_chars</c>).</summary>
    public int MaxIdChars { get; set; } = 256;

    /// <summary>The most <c>earlier_periods</c> one request may carry (limit <c>max_earlier_periods</c>).</summary>
    public int MaxEarlierPeriods { get; set; } = 200;

    /// <summary>The most characters of policy text <c>Check</c> accepts (limit <c>max_source_chars</c>).</summary>
    public int MaxSourceChars { get; set; } = 1024 * 1024;

    /// <summary>How long in-flight calls may run on after the host is asked to stop.</summary>
    public int ShutdownTimeoutSeconds { get; set; } = 30;
}
