using Appraisal.Engine.Compilation;

namespace Appraisal.Service;

/// <summary>How the engine's compiled tier is kept between runs (configuration section <c>Engine</c>).</summary>
public sealed class EngineOptions
{
    public const string Section = "Engine";

    /// <summary>
    /// Keep compiled policies on disk, so that after a restart a version compiled before is loaded in milliseconds
    /// instead of compiled by Roslyn again (seconds in a fresh process). False: every start compiles.
    /// </summary>
    public bool CompileCacheEnabled { get; set; } = true;

    /// <summary>
    /// The folder of the compile cache; relative paths are taken from the content root. Empty (the default): the folder
    /// <c>compile-cache</c> in <c>Ledger:DataDirectory</c>, next to the SQLite ledger. It holds code the service runs:
    /// only the service's account may write to it.
    /// </summary>
    public string? CompileCache { get; set; }

    /// <summary>The most compiled policies kept (the least recently used are deleted beyond it).</summary>
    public int CompileCacheMaxEntries { get; set; } = Engine.Compilation.CompileCache.DefaultMaxEntries;

    /// <summary>The most megabytes the cache keeps (a compiled policy takes some tens of KB).</summary>
    public int CompileCacheMaxMegabytes { get; set; } = (int)(Engine.Compilation.CompileCache.DefaultMaxBytes / (1024 * 1024));

    /// <summary>The cache's folder, a full path.</summary>
    public string ResolveDirectory(string contentRoot, string ledgerDataDirectory) =>
        string.IsNullOrWhiteSpace(CompileCache)
            ? Path.Combine(Path.GetFullPath(ledgerDataDirectory, contentRoot), "compile-cache")
            : Path.GetFullPath(CompileCache.Trim(), contentRoot);
}
