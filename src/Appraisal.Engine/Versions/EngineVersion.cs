using System.Reflection;

namespace Appraisal.Engine.Versions;

/// <summary>The version of the engine that evaluates, as a record names it (the engine assembly's informational version).</summary>
public static class EngineVersion
{
    /// <summary>E.g. <c>0.1.0+6f3c2a1…</c>: the package version and, when built from a clone, the commit.</summary>
    public static string Current { get; } =
        typeof(EngineVersion).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(EngineVersion).Assembly.GetName().Version?.ToString() ?? "unknown";
}
