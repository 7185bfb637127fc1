using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Grpc.Health.V1;
using Grpc.Net.Client;

namespace Appraisal.Service.Tests;

/// <summary>
/// The service as a real process on a loopback port (the build output beside the tests), for what an in-process host
/// cannot show: being killed with SIGKILL, and two instances sharing one database. Its output is kept for failure messages.
/// </summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private GrpcChannel? _channel;

    private ServiceProcess(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }

    public string Address => $"http://127.0.0.1:{Port}";

    public GrpcChannel Channel => _channel ??= GrpcChannel.ForAddress(Address);

    public V1.Appraisal.AppraisalClient Client => new(Channel);

    public string Output
    {
        get
        {
            lock (_output) return _output.ToString();
        }
    }

    /// <summary>
    /// Starts the service with these settings (<c>Section:Key</c> → value, over the defaults: loopback, a free port, no
    /// REST face, the repository's policies) and waits until its health check says SERVING. A process that exits first
    /// is an <see cref="InvalidOperationException"/> saying "exited with CODE:" followed by its whole output.
    /// </summary>
    /// <param name="workingDirectory">Where it is started from (default: the test's own working directory).</param>
    public static async Task<ServiceProcess> StartAsync(IReadOnlyDictionary<string, string> settings, int? port = null, string? workingDirectory = null)
    {
        var chosen = port ?? FreePort();
        var host = Path.Combine(AppContext.BaseDirectory, "Appraisal.Service.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (workingDirectory is not null) start.WorkingDirectory = workingDirectory;
        start.ArgumentList.Add(host);
        var all = new Dictionary<string, string>
        {
            ["Service:Address"] = "127.0.0.1",
            ["Service:Port"] = chosen.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Service:RestPort"] = "0",
            ["Policies:Directory"] = Appraisal.Testing.RepositoryPaths.Policies,
        };
        foreach (var (key, value) in settings) all[key] = value; // the caller's settings win
        foreach (var (key, value) in all) start.ArgumentList.Add($"--{key}={value}");
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        start.Environment.Remove("ASPNETCORE_URLS");

        var process = Process.Start(start) ?? throw new InvalidOperationException("the service process did not start");
        var service = new ServiceProcess(process, chosen);
        process.OutputDataReceived += (_, e) => service.Append(e.Data);
        process.ErrorDataReceived += (_, e) => service.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await service.WaitUntilServingAsync(TimeSpan.FromSeconds(60));
        }
        catch (Exception)
        {
            await service.DisposeAsync(); // never leave a process behind (it would hold the test run's inherited files, the build lock among them)
            throw;
        }
        return service;
    }

    /// <summary>SIGKILL: no shutdown, no flush, no goodbye.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        _channel?.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_output) _output.AppendLine(line);
    }

    private async Task WaitUntilServingAsync(TimeSpan timeout)
    {
        var health = new Health.HealthClient(Channel);
        var until = DateTime.UtcNow + timeout;
        Exception? last = null;
        while (DateTime.UtcNow < until)
        {
            if (_process.HasExited)
            {
                _process.WaitForExit(); // until its output is read to the end
                throw new InvalidOperationException($"the service exited with {_process.ExitCode}:\n{Output}");
            }
            try
            {
                var reply = await health.CheckAsync(new HealthCheckRequest(), deadline: DateTime.UtcNow.AddSeconds(2));
                if (reply.Status == HealthCheckResponse.Types.ServingStatus.Serving) return;
            }
            catch (Grpc.Core.RpcException e)
            {
                last = e; // not listening yet
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"the service on port {Port} was not SERVING after {timeout.TotalSeconds} s ({last?.Message}):\n{Output}");
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
