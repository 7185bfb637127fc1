namespace Appraisal.Engine.Compilation;

/// <summary>What the <see cref="CompileCache"/> did for one <see cref="CompiledPolicy.Compile(Planning.PolicyPlan, CompileCache?)"/>.</summary>
public enum CacheOutcome
{
    /// <summary>No cache was given (or the plan was not compiled): Roslyn compiled, nothing was stored.</summary>
    None,

    /// <summary>The assembly was loaded from the cache; Roslyn did not run.</summary>
    Hit,

    /// <summary>The cache held no entry for this code: Roslyn compiled and the entry was stored.</summary>
    Miss,

    /// <summary>
    /// The cache held an entry that could not be used (<see cref="CacheResult.Fault"/> says why): it was ignored,
    /// Roslyn compiled, and the entry was overwritten.
    /// </summary>
    Rebuilt,
}
