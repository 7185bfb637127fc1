using System.Net;
using System.Net.Sockets;

namespace Appraisal.Service.Tests;

/// <summary>
/// The service starts only when it can do its job: a bad setting or a port in use ends the process at once with one
/// line naming the setting and exit code 1 — not an unhandled exception.
/// </summary>
public sealed class StartupTests
{
    private static async Task<string[]> RefusalAsync(Dictionary<string, string> settings)
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => ServiceProcess.StartAsync(settings));
        var lines = error.Message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.True(lines[0] == "the service exited with 1:", error.Message);
        return lines[1..];
    }

    [Theory]
    [InlineData("Service:Port", "abc")]
    [InlineData("Service:Port", "70000")]
    [InlineData("Service:RestPort", "-1")]
    [InlineData("Service:Address", "1.2.3.4.5")]
    [InlineData("Service:MaxReceiveMessageBytes", "0")]
    [InlineData("Service:MaxIdChars", "lots")]
    [InlineData("Service:MaxEarlierPeriods", "-3")]
    [InlineData("Service:ShutdownTimeoutSeconds", "soon")]
    [InlineData("Policies:DebounceMilliseconds", "-1")]
    [InlineData("Policies:Directory", "/no/such/policy/folder")]
    [InlineData("Evaluation:Budget", "0")]
    [InlineData("Facts:MaxDepth", "1.5")]
    [InlineData("Ledger:Enabled", "maybe")]
    [InlineData("Ledger:Provider", "oracle")]
    [InlineData("Ledger:RetentionSweepMinutes", "0")]
    [InlineData("Telemetry:Metrics", "yes")]
    [InlineData("Telemetry:OtlpEndpoint", "collector:4317")]
    public async Task A_bad_setting_ends_the_service_with_one_line_naming_it(string setting, string value)
    {
        var output = await RefusalAsync(new Dictionary<string, string> { [setting] = value });
        var line = Assert.Single(output);
        Assert.StartsWith("Refusing to start: " + setting, line);
    }

    [Fact]
    public async Task A_port_in_use_ends_the_second_instance_with_one_line_naming_the_port_setting()
    {
        using var first = new TcpListener(IPAddress.Loopback, 0);
        first.Start();
        var port = ((IPEndPoint)first.LocalEndpoint).Port.ToString(System.Globalization.CultureInfo.InvariantCulture);

        var grpc = Assert.Single(await RefusalAsync(new Dictionary<string, string> { ["Service:Port"] = port }));
        Assert.Equal($"Refusing to start: cannot listen on 127.0.0.1:{port} (Service:Port): Address already in use", grpc);

        var rest = Assert.Single(await RefusalAsync(new Dictionary<string, string> { ["Service:RestPort"] = port }));
        Assert.Contains("(Service:RestPort)", rest);
    }
}
