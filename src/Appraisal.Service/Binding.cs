using System.Net;

namespace Appraisal.Service;

/// <summary>
/// The addresses the service will listen on, read from configuration the way Program.cs binds them: the
/// <c>Kestrel:Endpoints:*:Url</c> entries when there are any, else <c>Service:Address</c>.
/// </summary>
public static class Binding
{
    /// <summary>The hosts (address or name) the service listens on.</summary>
    public static IReadOnlyList<string> Hosts(IConfiguration configuration)
    {
        var endpoints = configuration.GetSection("Kestrel:Endpoints").GetChildren().ToList();
        if (endpoints.Count == 0) return [configuration[$"{ServiceOptions.Section}:Address"] is { Length: > 0 } address ? address : "127.0.0.1"];
        return endpoints.Select(e => HostOf(e["Url"] ?? "")).ToList();
    }

    /// <summary>True when every host is a loopback address or <c>localhost</c>.</summary>
    public static bool LoopbackOnly(IConfiguration configuration) => Hosts(configuration).All(IsLoopback);

    public static bool IsLoopback(string host)
    {
        host = host.Trim().Trim('[', ']');
        if (host.Equals("localhost", StringComparison.OrdinalIgnoreCase)) return true;
        return IPAddress.TryParse(host, out var address) && IPAddress.IsLoopback(address);
    }

    /// <summary>The host of a Kestrel URL such as <c>https://0.0.0.0:5443</c>, <c>http://*:80</c> or <c>http://[::1]:5080</c>.</summary>
    private static string HostOf(string url)
    {
        var rest = url.Contains("://", StringComparison.Ordinal) ? url[(url.IndexOf("://", StringComparison.Ordinal) + 3)..] : url;
        var slash = rest.IndexOf('/');
        if (slash >= 0) rest = rest[..slash];
        if (rest.StartsWith('['))
        {
            var close = rest.IndexOf(']');
            return close > 0 ? rest[..(close + 1)] : rest;
        }
        var colon = rest.LastIndexOf(':');
        return colon >= 0 ? rest[..colon] : rest;
    }
}
