using System.Diagnostics;
using Microsoft.Playwright;

namespace Appraisal.Service.Tests;

[CollectionDefinition(Name)]
public sealed class ChromiumCollection : ICollectionFixture<HeadlessChromium>
{
    public const string Name = "headless Chromium";
}

/// <summary>
/// Debian's Chromium (<c>/usr/bin/chromium</c>) driven headless by Playwright, for tests that open pages in a real
/// browser. When the browser is missing, <c>.ci/chromium.sh</c> installs it with apt (as root or with sudo; one install
/// at a time, under flock), as the PostgreSQL tests install their server; where it cannot, every test in the collection
/// fails saying how to install it. Playwright never downloads a browser: it is given the executable.
/// </summary>
public sealed class HeadlessChromium : IAsyncLifetime
{
    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    /// <summary>How long installing (when needed) and starting the browser took.</summary>
    public TimeSpan StartTime { get; private set; }

    public async Task InitializeAsync()
    {
        var clock = Stopwatch.StartNew();
        var executable = await EnsureInstalledAsync();
        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = executable, Headless = true,
            // Root in a container: Chromium's sandbox needs namespaces it may not have; the pages are our own.
            Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
        });
        StartTime = clock.Elapsed;
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        _playwright?.Dispose();
    }

    private static async Task<string> EnsureInstalledAsync()
    {
        var script = Path.Combine(RepositoryPaths.Root, ".ci", "chromium.sh");
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = RepositoryPaths.Root };
        start.ArgumentList.Add(script);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("bash could not be started");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(10));
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
            throw new InvalidOperationException(
                $"Chromium for the browser tests is missing and could not be installed: `{script}` exited with {process.ExitCode}. " +
                $"Install the Debian package chromium (apt-get update && apt-get install -y chromium).\n{await output}{await error}");
        return (await output).Trim();
    }
}
