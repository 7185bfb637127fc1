namespace Appraisal.Service;

/// <summary>Where the policies are and how changes to them are noticed (configuration section <c>Policies</c>).</summary>
public sealed class PoliciesOptions
{
    public const string Section = "Policies";

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
