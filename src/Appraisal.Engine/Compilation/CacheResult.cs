namespace Appraisal.Engine.Compilation;

/// <summary>
/// What the compile cache did for one compiled policy: whether the assembly came from it, why an entry was
/// rebuilt, and why storing the new entry failed (the compiled code serves all the same).
/// </summary>
/// <param name="StoreError">Why the new entry could not be written (or old ones evicted); null when it was, or none was due.</param>
public readonly record struct CacheResult(CacheOutcome Outcome, CacheFault Fault = CacheFault.None, string? StoreError = null);
