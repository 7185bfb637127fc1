using Appraisal.Engine.Compilation;
using Appraisal.Engine.Facts;

namespace Appraisal.Engine.Embedding;

/// <summary>How policies are loaded and evaluated.</summary>
public sealed record PolicyLoadOptions
{
    /// <summary>The defaults: compiled in the background, the default fact limits, no includes for policy text.</summary>
    public static PolicyLoadOptions Default { get; } = new();

    /// <summary>
    /// Compile the policy to C# with Roslyn in the background on its first evaluation; the tree evaluator answers until
    /// then (both give the same outcomes). False: always the tree evaluator (no background work).
    /// </summary>
    public bool Compile { get; init; } = true;

    /// <summary>
    /// Where compiled policies are kept on disk, so that a restarted program loads a version compiled before instead
    /// of running Roslyn (e.g. <c>new CompileCache(CompileCache.UserDefaultDirectory()!)</c>). Null (the default):
    /// nothing is written to disk and every process compiles.
    /// </summary>
    public CompileCache? CompileCache { get; init; }

    /// <summary>Bounds on one fact set (list length, nesting, JSON size), and whether unknown top-level fields are ignored.</summary>
    public FactLimits FactLimits { get; init; } = FactLimits.Default;

    /// <summary>
    /// For <see cref="PolicyEngine.Load(string, string, PolicyLoadOptions?)"/>: the folder its <c>include</c>s are read
    /// from (and never outside it). Null: policy text cannot include libraries (an include is diagnostic PL1001).
    /// </summary>
    public string? IncludeDirectory { get; init; }
}
