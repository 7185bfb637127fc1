using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace Appraisal.Service;

/// <summary>
/// Every setting checked before the host is built, so a bad one ends the process with one line naming it (exit code
/// 1) instead of an exception from deep inside the host; and the one line for an endpoint that cannot be listened on.
/// </summary>
public static partial class StartupChecks
{
    /// <summary>The whole-number settings, with the values each may take (checked when given; the defaults are valid).</summary>
    private static readonly (string Key, long Min, long Max, string What)[] Numbers =
    [
        ("Service:Port", 1, 65535, "a TCP port (1–65535)"),
        ("Service:RestPort", 0, 65535, "a TCP port (1–65535), or 0 for no REST face"),
        ("Service:MaxReceiveMessageBytes", 1, int.MaxValue, "a number of bytes of at least 1"),
        ("Service:MaxSourceChars", 1, int.MaxValue, "a number of characters of at least 1"),
        ("Service:MaxIdChars", 1, int.MaxValue, "a number of characters of at least 1"),
        ("Service:MaxEarlierPeriods", 0, int.MaxValue, "a count of 0 or more"),
        ("Service:ShutdownTimeoutSeconds", 0, int.MaxValue, "a number of seconds of 0 or more"),
        ("Policies:DebounceMilliseconds", 0, int.MaxValue, "a number of milliseconds of 0 or more"),
        ("Policies:RescanSeconds", 0, int.MaxValue, "a number of seconds of 0 or more (0: never)"),
        ("Policies:KeptVersions", 0, int.MaxValue, "a count of 0 or more"),
        ("Policies:RegistryWaitSeconds", 1, 3600, "a number of seconds from 1 to 3600"),
        ("Evaluation:Budget", 1, long.MaxValue, "a number of work units of at least 1"),
        ("Facts:MaxListLength", 1, int.MaxValue, "a count of at least 1"),
        ("Facts:MaxDepth", 1, int.MaxValue, "a depth of at least 1"),
        ("Facts:MaxJsonChars", 1, int.MaxValue, "a number of characters of at least 1"),
        ("Facts:MaxGroupMembers", 1, int.MaxValue, "a count of at least 1"),
        ("Ledger:FactsRetentionDays", 0, int.MaxValue, "a number of days of 0 or more (0: kept)"),
        ("Ledger:RecordsRetentionDays", 0, int.MaxValue, "a number of days of 0 or more (0: kept)"),
        ("Ledger:RetentionSweepMinutes", 1, int.MaxValue, "a number of minutes of at least 1"),
        ("Engine:CompileCacheMaxEntries", 1, 1_000_000, "a count from 1 to 1000000"),
        ("Engine:CompileCacheMaxMegabytes", 1, 1_000_000, "a number of megabytes from 1 to 1000000"),
    ];

    private static readonly string[] Flags = ["Ledger:Enabled", "Ledger:StoreExplanations", "Facts:AllowUnknownFields", "Engine:CompileCacheEnabled",
        "Telemetry:Metrics", "Telemetry:Traces"];


    /// <summary>What is wrong with the settings, one line each naming the setting; empty when they are all usable.</summary>
    public static IReadOnlyList<string> Problems(IConfiguration configuration, string contentRoot)
    {
        var problems = new List<string>();
        string? Given(string key) => configuration[key] is { } value ? value : null;

        foreach (var (key, min, max, what) in Numbers)
        {
            if (Given(key) is not { } text) continue;
            if (!long.TryParse(text.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
                problems.Add($"{key} = {Quote(text)} is not {what}");
        }
        foreach (var key in Flags)
        {
            if (Given(key) is { } text && !bool.TryParse(text.Trim(), out _)) problems.Add($"{key} = {Quote(text)} is not true or false");
        }

        if (!configuration.GetSection("Kestrel:Endpoints").Exists() && Given($"{ServiceOptions.Section}:Address") is { } address
            && !address.Trim().Equals("localhost", StringComparison.OrdinalIgnoreCase) && !IPAddress.TryParse(address.Trim(), out _))
            problems.Add($"Service:Address = {Quote(address)} is not an IP address or localhost");
        var (grpcPort, restPort) = ((Given("Service:Port") ?? "5080").Trim(), (Given("Service:RestPort") ?? "5081").Trim());
        if (grpcPort == restPort && restPort != "0" && !configuration.GetSection("Kestrel:Endpoints").Exists())
            problems.Add($"Service:RestPort = {Quote(restPort)} is the same port as Service:Port (give the REST face its own, or 0)");

        if (Given("Telemetry:OtlpEndpoint") is { } otlp && !string.IsNullOrWhiteSpace(otlp)
            && !(Uri.TryCreate(otlp.Trim(), UriKind.Absolute, out var collector) && collector.Scheme is "http" or "https"))
            problems.Add($"Telemetry:OtlpEndpoint = {Quote(otlp)} is not an http:// or https:// URL of an OTLP collector");

        var source = (Given("Policies:Source") ?? PoliciesOptions.DirectorySource).Trim().ToLowerInvariant();
        var ledgerOn = !bool.TryParse(Given("Ledger:Enabled") ?? "true", out var enabled) || enabled;
        if (source is not (PoliciesOptions.DirectorySource or PoliciesOptions.RegistrySource))
            problems.Add($"Policies:Source = {Quote(Given("Policies:Source")!)} is not known (use directory or registry)");
        else if (source == PoliciesOptions.RegistrySource && !ledgerOn)
            problems.Add("Policies:Source = registry needs the ledger (the registry is kept in it), but Ledger:Enabled is false");
        var policies = PolicyStore.ResolveDirectory(Given("Policies:Directory"), contentRoot);
        if (source != PoliciesOptions.RegistrySource && !Directory.Exists(policies))
            problems.Add(string.IsNullOrWhiteSpace(Given("Policies:Directory"))
                ? $"Policies:Directory is not set and there is no policies/ folder at or above {contentRoot}"
                : $"Policies:Directory = {Quote(Given("Policies:Directory")!)}: the folder {policies} does not exist");

        if (ledgerOn)
        {
            var provider = (Given("Ledger:Provider") ?? "sqlite").Trim().ToLowerInvariant();
            switch (provider)
            {
                case "sqlite":
                    if (Given("Ledger:DataDirectory") is { } data && string.IsNullOrWhiteSpace(data))
                        problems.Add("Ledger:DataDirectory is empty (give the folder of ledger.db)");
                    break;
                case "postgres" or "postgresql":
                    if (string.IsNullOrWhiteSpace(Given("Ledger:ConnectionString")))
                        problems.Add("Ledger:ConnectionString is required when Ledger:Provider is postgres");
                    break;
                default:
                    problems.Add($"Ledger:Provider = {Quote(Given("Ledger:Provider") ?? "")} is not known (use sqlite or postgres)");
                    break;
            }
        }
        return problems;
    }

    /// <summary>
    /// The built-in endpoints (<c>Service:Address</c> with <c>Service:Port</c> and <c>Service:RestPort</c>) that cannot be
    /// listened on right now — a port in use by another process, an address not on this machine — one line each naming
    /// the setting. Each is bound briefly the way Kestrel binds (address reuse on, so a port whose last connections are
    /// still closing is not mistaken for a busy one). <see cref="ListenFailure"/> covers a port taken in between.
    /// </summary>
    public static IReadOnlyList<string> Unlistenable(IConfiguration configuration)
    {
        if (configuration.GetSection("Kestrel:Endpoints").Exists()) return [];
        var options = configuration.GetSection(ServiceOptions.Section).Get<ServiceOptions>() ?? new ServiceOptions();
        var host = options.Address.Trim();
        var address = host.Equals("localhost", StringComparison.OrdinalIgnoreCase) ? IPAddress.Loopback : IPAddress.Parse(host);
        var problems = new List<string>();
        foreach (var (setting, port) in new[] { ("Service:Port", options.Port), ("Service:RestPort", options.RestPort) })
        {
            if (port == 0) continue;
            using var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            try
            {
                socket.Bind(new IPEndPoint(address, port));
            }
            catch (SocketException e)
            {
                problems.Add($"cannot listen on {new IPEndPoint(address, port)} ({setting}): {e.Message}");
            }
        }
        return problems;
    }

    /// <summary>
    /// The one line for an endpoint Kestrel could not listen on (a port in use, an address not on this machine),
    /// naming the setting it came from; null when <paramref name="exception"/> is not that.
    /// </summary>
    public static string? ListenFailure(Exception exception, IConfiguration configuration)
    {
        if (exception is not IOException || !exception.Message.StartsWith("Failed to bind to address", StringComparison.Ordinal)) return null;
        var reason = exception.InnerException?.Message is { Length: > 0 } inner ? inner : exception.Message;
        var port = PortPattern().Match(exception.Message) is { Success: true } m ? m.Groups[1].Value : null;
        var setting = configuration.GetSection("Kestrel:Endpoints").Exists() ? "Kestrel:Endpoints"
            : port is not null && port == (configuration["Service:RestPort"] ?? "5081") ? "Service:RestPort"
            : "Service:Port";
        var address = BindPattern().Match(exception.Message) is { Success: true } a ? a.Groups[1].Value : "its address";
        return $"Refusing to start: cannot listen on {address} ({setting}): {reason.TrimEnd('.')}";
    }

    private static string Quote(string text) => Errors.QuoteShort(text);

    [GeneratedRegex(@":(\d+)(?:/|:|\s|$)")]
    private static partial Regex PortPattern();

    [GeneratedRegex(@"Failed to bind to address (\S+?):?\s")]
    private static partial Regex BindPattern();
}
