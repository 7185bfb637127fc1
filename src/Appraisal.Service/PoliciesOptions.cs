namespace Appraisal.Service;

/// <summary>Where the policies are and how changes to them are noticed (configuration section <c>Policies</c>).</summary>
public sealed class PoliciesOptions
{
    public const string Section = "Policies";

    /// <summary>
    /// Where the served versions come from: <c>directory</c> (the default: the files under <see cref="Directory"/>,
    /// reloaded when they change) or <c>registry</c> (the versions published in the ledger's policy registry, each
    /// serving the periods it is in force for; every instance sharing the ledger serves the same ones).
    /// </summary>
    public string Source { get; set; } = DirectorySource;

    public const string DirectorySource = "directory";
    public const string RegistrySource = "registry";

    /// <summary>True when <see cref="Source"/> is <c>registry</c>.</summary>
    public bool FromRegistry => string.Equals(Source?.Trim(), RegistrySource, StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// In registry mode, how long a wait for new publications lasts before the registry is read again anyway (PostgreSQL
    /// is told of a publication at once by <c>LISTEN/NOTIFY</c>; SQLite is polled every second).
    /// </summary>
    public int RegistryWaitSeconds { get; set; } = 30;

    /// <summary>
    /// The policy directory. Relative paths are taken from the content root. Empty: the nearest <c>policies/</c>
    /// folder in the content root or one of its parents (the repository's, when run from a clone).
    /// </summary>
    public string? Directory { get; set; }

    /// <summary>How long the file system must be quiet after a change before the directory is re-checked.</summary>
    public int DebounceMilliseconds { get; set; } = 300;

    /// <summary>A full rescan every so often, in case the file system watcher missed an event (0: never).</summary>
    public int RescanSeconds { get; set; } = 30;

    /// <summary>How many earlier good versions of each policy stay available to callers that pin a version.</summary>
    public int KeptVersions { get; set; } = 4;
}
