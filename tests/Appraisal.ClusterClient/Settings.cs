using System.Globalization;

namespace Appraisal.ClusterClient;

/// <summary>
/// What the client is told by .ci/cluster.sh: where nginx listens (gRPC and REST), where each instance listens (for
/// the per-instance checks), which instance the script kills, and how the kill is coordinated through two files: the
/// client writes <see cref="KillMarker"/> once <see cref="KillAfter"/> calls were acknowledged (the load goes on), the
/// script kills the instance and then writes <see cref="KilledMarker"/>; the client sends <see cref="AfterKill"/> more
/// calls after it sees that file, and then stops. With <see cref="RegistryPolicy"/> the instances serve from the
/// ledger's registry, and the client publishes that policy through instance 1 before anything else.
/// </summary>
public sealed record Settings(
    Uri Address,
    Uri Rest,
    Uri[] Instances,
    int Victim,
    string KillMarker,
    string KilledMarker,
    int KillAfter,
    int AfterKill,
    int Concurrency,
    int MaxCalls,
    TimeSpan KillWait,
    string? Postgres,
    string? RegistryPolicy)
{
    public const string Usage = """
        usage: Appraisal.ClusterClient --address http://127.0.0.1:G --rest http://127.0.0.1:R
                                       --instances http://127.0.0.1:A,http://127.0.0.1:B --victim 0
                                       --kill-marker FILE --killed-marker FILE
                                       [--kill-after 200] [--after-kill 300] [--concurrency 8] [--max-calls 20000]
                                       [--kill-wait 20] [--postgres CONNECTION-STRING]
                                       [--registry-policy FILE]  (instances on Policies:Source=registry: publish
                                                                  FILE, the after-sales policy, through instance 1)
        Every address must be a loopback address (127.0.0.0/8, localhost or [::1]).
        """;

    public static Settings? Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length) return null;
            values[args[i][2..]] = args[++i];
        }
        string? Take(string name) => values.Remove(name, out var v) ? v : null;
        int Number(string name, int fallback) => Take(name) is { } v ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;
        try
        {
            var address = Take("address");
            var rest = Take("rest");
            var instances = Take("instances");
            var killMarker = Take("kill-marker");
            var killedMarker = Take("killed-marker");
            if (address is null || rest is null || instances is null || killMarker is null || killedMarker is null) return null;
            var settings = new Settings(
                new Uri(address),
                new Uri(rest),
                instances.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(u => new Uri(u)).ToArray(),
                Number("victim", 0),
                killMarker,
                killedMarker,
                Number("kill-after", 200),
                Number("after-kill", 300),
                Number("concurrency", 8),
                Number("max-calls", 20_000),
                TimeSpan.FromSeconds(Number("kill-wait", 20)),
                Take("postgres"),
                Take("registry-policy"));
            var bounded = settings.Instances.Length >= 2 && settings.Victim >= 0 && settings.Victim < settings.Instances.Length
                && settings.KillAfter is > 0 and <= 100_000 && settings.AfterKill is > 0 and <= 100_000
                && settings.Concurrency is > 0 and <= 256 && settings.MaxCalls is > 0 and <= 200_000
                && settings.KillAfter + settings.AfterKill <= settings.MaxCalls
                && settings.KillWait > TimeSpan.Zero && settings.KillWait <= TimeSpan.FromMinutes(2);
            var loopback = settings.Instances.Append(settings.Address).Append(settings.Rest).All(u => u.IsLoopback);
            return values.Count == 0 && bounded && loopback ? settings : null;
        }
        catch (FormatException)
        {
            return null;
        }
        catch (OverflowException)
        {
            return null;
        }
    }

    /// <summary>An instance as nginx names it in <c>$upstream_addr</c>: <c>127.0.0.1:5001</c>.</summary>
    public static string Endpoint(Uri instance) => string.Create(CultureInfo.InvariantCulture, $"{instance.Host}:{instance.Port}");
}
