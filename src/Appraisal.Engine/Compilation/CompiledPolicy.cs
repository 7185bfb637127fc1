using System.Diagnostics;
using System.Reflection;
using System.Runtime.Loader;
using Appraisal.Engine.Evaluation;
using Appraisal.Engine.Planning;
using Appraisal.Engine.Values;
using Appraisal.Policy.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Appraisal.Engine.Compilation;

/// <summary>
/// A policy plan compiled to .NET code: C# is generated from the evaluation tree, compiled with Roslyn (Release),
/// and loaded into its own collectible <see cref="AssemblyLoadContext"/>. <see cref="Evaluate"/> gives the same
/// outcomes and the same errors as <see cref="Evaluator.Evaluate"/>.
/// <para>
/// What the compiled code serves: the no-explanation evaluation of one member. Explanations
/// (<see cref="EvaluationOptions.Explain"/>) and group evaluation (<see cref="EvaluateGroup"/>) always use the tree
/// evaluator: they are rare, not on the hot path, and the tracer they need is built around the tree.
/// </para>
/// </summary>
public sealed class CompiledPolicy : IDisposable
{
    private delegate OutputValue[] RunFunction(Value[] facts, PeriodValue? period, IReadOnlyList<EarlierPeriod> history, long budget);

    private RunFunction? _run;
    private PolicyLoadContext? _context;

    private CompiledPolicy(PolicyPlan plan, string? source, RunFunction? run, PolicyLoadContext? context, string? fallbackReason, TimeSpan compileTime)
    {
        Plan = plan;
        Source = source;
        _run = run;
        _context = context;
        FallbackReason = fallbackReason;
        CompileTime = compileTime;
    }

    public PolicyPlan Plan { get; }

    /// <summary>The collectible context the compiled code is loaded in (null once disposed), for tests of unloading.</summary>
    internal AssemblyLoadContext? LoadContext => _context;

    /// <summary>The generated C#, for inspection; null when the plan was not compiled.</summary>
    public string? Source { get; }

    /// <summary>
    /// Why every evaluation of this policy uses the tree evaluator (a kind of rule the generator does not know);
    /// null when the compiled code serves evaluations.
    /// </summary>
    public string? FallbackReason { get; }

    /// <summary>Generating, compiling and loading took this long.</summary>
    public TimeSpan CompileTime { get; }

    /// <summary>Whether no-explanation evaluations run compiled code (false after a fallback or <see cref="Dispose"/>).</summary>
    public bool IsCompiled => _run is not null;

    /// <summary>Compiles a plan. Throws only on an internal error (generated code that does not compile).</summary>
    public static CompiledPolicy Compile(PolicyPlan plan)
    {
        var clock = Stopwatch.StartNew();
        GeneratedProgram program;
        try
        {
            program = CodeGenerator.Generate(plan);
        }
        catch (NotSupportedException unsupported)
        {
            return new CompiledPolicy(plan, null, null, null, "not compiled: " + unsupported.Message, clock.Elapsed);
        }
        var image = Emit(program.Source);
        var context = new PolicyLoadContext();
        var assembly = context.LoadFromStream(new MemoryStream(image));
        var entry = assembly.GetType("Appraisal.Engine.Compiled.P", throwOnError: true)!;
        entry.GetMethod("Init", BindingFlags.Public | BindingFlags.Static)!.Invoke(null, [program.Constants, program.Spans]);
        var run = entry.GetMethod("Run", BindingFlags.Public | BindingFlags.Static)!.CreateDelegate<RunFunction>();
        return new CompiledPolicy(plan, program.Source, run, context, null, clock.Elapsed);
    }

    /// <summary>Evaluates every output; the same outcome, or the same <see cref="EvaluationException"/>, as the tree evaluator.</summary>
    public Outcome Evaluate(Value[] facts, EvaluationOptions? options = null)
    {
        options ??= EvaluationOptions.Default;
        var run = _run;
        if (run is null || options.Explain) return Evaluator.Evaluate(Plan, facts, options);
        return new Outcome(Plan, run(facts, options.Period, options.History, options.Budget), null);
    }

    /// <summary>Group evaluation (population rules) always uses the tree evaluator.</summary>
    public IReadOnlyList<Outcome> EvaluateGroup(IReadOnlyList<Value[]> members, EvaluationOptions? options = null) =>
        Evaluator.EvaluateGroup(Plan, members, options);

    /// <summary>
    /// Stops using the compiled code (later evaluations use the tree) and lets its assembly be unloaded once no
    /// evaluation is running it any more.
    /// </summary>
    public void Dispose()
    {
        _run = null;
        Interlocked.Exchange(ref _context, null)?.Unload();
    }

    // -----------------------------------------------------------------------------------------

    private static int _assemblies;

    private static byte[] Emit(string source)
    {
        var tree = CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.Latest));
        var name = "Appraisal.Engine.Compiled." + Interlocked.Increment(ref _assemblies);
        // Derived from one template, compilations share its bound references: later compiles take milliseconds.
        var compilation = Template.Value.WithAssemblyName(name).AddSyntaxTrees(tree);
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

    /// <summary>
    /// A collectible context for one compiled policy. The engine and its dependencies are shared with the context
    /// the engine itself was loaded in, so the compiled code sees the very same <see cref="Value"/> type.
    /// </summary>
    private sealed class PolicyLoadContext() : AssemblyLoadContext("appraisal-policy", isCollectible: true)
    {
        private static readonly AssemblyLoadContext Engine = GetLoadContext(typeof(Value).Assembly) ?? Default;

        protected override Assembly? Load(AssemblyName assemblyName)
        {
            foreach (var assembly in Engine.Assemblies)
            {
                if (AssemblyName.ReferenceMatchesDefinition(assemblyName, assembly.GetName())) return assembly;
            }
            return null;
        }
    }
}
