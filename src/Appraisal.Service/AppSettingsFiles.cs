using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.FileProviders;

namespace Appraisal.Service;

/// <summary>
/// The settings shipped with the service (appsettings.json, appsettings.{Environment}.json, log levels included) are
/// read from the application's own directory, not from wherever it was started: the host's defaults look for them in
/// the content root, which is the working directory, so a service started from elsewhere would silently run without
/// them. The content root keeps its other meanings (the default policy directory and ledger data directory).
/// </summary>
public static class AppSettingsFiles
{
    public static WebApplicationBuilder ReadSettingsFromAppDirectory(this WebApplicationBuilder builder)
    {
        var directory = AppContext.BaseDirectory;
        if (!File.Exists(Path.Combine(directory, "appsettings.json"))) return builder; // not a built service (nothing shipped there)
        var names = new[] { "appsettings.json", $"appsettings.{builder.Environment.EnvironmentName}.json" };
        if (Path.GetFullPath(directory).TrimEnd('/', '\\') == Path.GetFullPath(builder.Environment.ContentRootPath).TrimEnd('/', '\\'))
            return builder; // started from its own directory: the host's defaults already read them
        IConfigurationBuilder configuration = builder.Configuration;
        var sources = configuration.Sources;
        // Read at start, not watched: a watcher per host is an inotify instance, and the installed files are not
        // edited while the service runs (environment variables and flags override them).
        var files = new PhysicalFileProvider(directory);
        for (var i = 0; i < sources.Count; i++)
        {
            if (sources[i] is JsonConfigurationSource { Path: { } path } json && names.Contains(path, StringComparer.OrdinalIgnoreCase))
                sources[i] = new JsonConfigurationSource { Path = path, Optional = json.Optional, ReloadOnChange = false, FileProvider = files };
        }
        return builder;
    }
}
