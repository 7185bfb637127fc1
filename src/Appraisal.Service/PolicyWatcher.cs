using Microsoft.Extensions.Options;

namespace Appraisal.Service;

/// <summary>
/// Re-checks the policy directory off the request path: after the file system has been quiet for the debounce
/// interval following a change, and every <see cref="PoliciesOptions.RescanSeconds"/> in case an event was missed.
/// </summary>
public sealed class PolicyWatcher(PolicyStore store, IOptions<PoliciesOptions> options, ILogger<PolicyWatcher> logger) : BackgroundService
{
    private readonly SemaphoreSlim _signal = new(0);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var debounce = TimeSpan.FromMilliseconds(Math.Max(0, options.Value.DebounceMilliseconds));
        var rescan = options.Value.RescanSeconds > 0 ? TimeSpan.FromSeconds(options.Value.RescanSeconds) : Timeout.InfiniteTimeSpan;
        using var watcher = CreateWatcher();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (await _signal.WaitAsync(rescan, stoppingToken))
                {
                    // Debounce: wait until no further change arrives for the interval.
                    while (await _signal.WaitAsync(debounce, stoppingToken))
                    {
                    }
                }
                await Task.Run(store.Rescan, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                logger.LogError(e, "Rescan of {Directory} failed", store.Directory);
            }
        }
    }

    private FileSystemWatcher? CreateWatcher()
    {
        if (!Directory.Exists(store.Directory)) return null;
        try
        {
            var watcher = new FileSystemWatcher(store.Directory)
            {
                IncludeSubdirectories = true,
                NotifyFilter = NotifyFilters.FileName | NotifyFilters.DirectoryName | NotifyFilters.LastWrite | NotifyFilters.Size,
            };
            watcher.Changed += (_, _) => _signal.Release();
            watcher.Created += (_, _) => _signal.Release();
            watcher.Deleted += (_, _) => _signal.Release();
            watcher.Renamed += (_, _) => _signal.Release();
            watcher.Error += (_, e) =>
            {
                logger.LogWarning(e.GetException(), "Watching {Directory} failed; relying on the periodic rescan", store.Directory);
                _signal.Release();
            };
            watcher.EnableRaisingEvents = true;
            return watcher;
        }
        catch (Exception e) when (e is IOException or ArgumentException or PlatformNotSupportedException)
        {
            logger.LogWarning("Cannot watch {Directory} ({Message}); relying on the periodic rescan", store.Directory, e.Message);
            return null;
        }
    }

    public override void Dispose()
    {
        _signal.Dispose();
        base.Dispose();
    }
}
