namespace Appraisal.Engine.Compilation;

/// <summary>Why a cache entry was not used (<see cref="CacheOutcome.Rebuilt"/>).</summary>
public enum CacheFault
{
    /// <summary>No fault: the entry was used, or there was none.</summary>
    None,

    /// <summary>The file could not be read (an I/O or permission error).</summary>
    Unreadable,

    /// <summary>The file is shorter than its header says (a write cut short, a truncated copy).</summary>
    Truncated,

    /// <summary>The file is not a cache entry of this format (wrong magic, format version, or lengths).</summary>
    NotAnEntry,

    /// <summary>The entry was written for other code or another engine: the key in its header is not the one asked for.</summary>
    OtherKey,

    /// <summary>The assembly bytes do not match the content hash in the header (the bytes were damaged or replaced).</summary>
    ContentMismatch,

    /// <summary>The bytes are not a loadable .NET assembly.</summary>
    BadImage,

    /// <summary>The assembly loaded but is not the one this code compiles to (another name, no entry type or methods).</summary>
    WrongAssembly,

    /// <summary>The assembly's <c>Init</c> refused the plan's objects.</summary>
    InitFailed,
}
