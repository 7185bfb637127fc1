using Appraisal.Engine.Values;
using Appraisal.Policy.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Appraisal.Engine.Compilation;

/// <summary>
/// Compiles generated C# with Roslyn (Release, deterministic) to an assembly image. The only type of the engine that
/// names Roslyn's: <see cref="CompiledPolicy"/> reaches it only on a cache miss, so a hit never loads
/// Microsoft.CodeAnalysis (the runtime loads an assembly when a method that uses its types is first compiled).
/// </summary>
internal static class RoslynEmitter
{
    [ThreadStatic] private static int _compilationsOnThisThread;

    /// <summary>How many times Roslyn compiled on the calling thread (for tests: a cache hit does not add one).</summary>
    public static int CompilationsOnThisThread => _compilationsOnThisThread;

    /// <summary>The image of the assembly <paramref name="assemblyName"/> compiled from <paramref name="source"/>.</summary>
    /// <exception cref="InvalidOperationException">The generated code does not compile (an internal error).</exception>
    public static byte[] Emit(string source, string assemblyName)
    {
        _compilationsOnThisThread++;
        var tree = CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.Latest));
        // Derived from one template, compilations share its bound references: later compiles take milliseconds.
        var compilation = Template.Value.WithAssemblyName(assemblyName).AddSyntaxTrees(tree);
        using var image = new MemoryStream();
        var result = compilation.Emit(image);
        if (!result.Success)
        {
            var errors = result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Take(10).Select(d => d.ToString());
            throw new InvalidOperationException("internal error: the generated code does not compile:\n" + string.Join("\n", errors));
        }
        return image.ToArray();
    }

    /// <summary>The assemblies the generated code is compiled against: the engine, the language, and the runtime's own.</summary>
    private static readonly Lazy<MetadataReference[]> References = new(() =>
    {
        var wanted = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        {
            "System.Private.CoreLib", "System.Runtime", "System.Collections", "System.Collections.Immutable", "netstandard",
        };
        var paths = new List<string>();
        if (AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") is string trusted)
        {
            foreach (var path in trusted.Split(Path.PathSeparator))
            {
                if (wanted.Contains(Path.GetFileNameWithoutExtension(path))) paths.Add(path);
            }
        }
        foreach (var assembly in new[] { typeof(Value).Assembly, typeof(TextSpan).Assembly, typeof(object).Assembly })
        {
            if (!string.IsNullOrEmpty(assembly.Location)) paths.Add(assembly.Location);
        }
        return paths.Distinct(StringComparer.OrdinalIgnoreCase).Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)).ToArray();
    });

    private static readonly Lazy<CSharpCompilation> Template = new(() => CSharpCompilation.Create("template", [], References.Value,
        new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, optimizationLevel: OptimizationLevel.Release,
            nullableContextOptions: NullableContextOptions.Disable, concurrentBuild: false, deterministic: true)));
}
