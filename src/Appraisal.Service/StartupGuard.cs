using System.Security.Cryptography;
using System.Text;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.Extensions.Options;

namespace Appraisal.Service;

/// <summary>
/// Refuses to start a service that listens on a non-loopback address without a bearer token, before anything
/// listens (<see cref="IHostedLifecycleService.StartingAsync"/> runs before every hosted service starts).
/// </summary>
public sealed class StartupGuard(IConfiguration configuration, IOptions<SecurityOptions> security, ILogger<StartupGuard> logger)
    : IHostedLifecycleService
{
    public Task StartingAsync(CancellationToken cancellationToken)
    {
        var hosts = Binding.Hosts(configuration);
        if (security.Value.All().Count > 0)
        {
            logger.LogInformation("Bearer tokens required on every call except health checks");
            return Task.CompletedTask;
        }
        if (hosts.All(Binding.IsLoopback))
        {
            logger.LogInformation("No bearer token configured: calls are not authenticated (loopback only: {Hosts})", string.Join(", ", hosts));
            return Task.CompletedTask;
        }
        var message = $"Refusing to start: the service would listen on {string.Join(", ", hosts.Where(h => !Binding.IsLoopback(h)))}, " +
                      "which is not a loopback address, and no bearer token is configured. Set Security:Token (or Security:Tokens), " +
                      "or bind to 127.0.0.1 only.";
        logger.LogCritical("{Message}", message);
        throw new StartupRefusedException(message);
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
